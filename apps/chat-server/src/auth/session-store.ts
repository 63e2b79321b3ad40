import { Injectable } from '@nestjs/common';
import type { EventStore, RecordedEvent } from '@pagedesk/event-store';
import { SESSION_EVENT_TYPES, type SessionEvent, type SessionLifetimes } from '@pagedesk/tenancy';
import type { Clock } from '../lifecycle/clock';
import type { BackgroundWork } from '../processing/background-work';
import { FollowedView } from '../tenants/followed-view';

/** An access token is signed just after its session's event is folded: this covers that delay. */
const SIGNING_MARGIN_MS = 60_000;

export interface SessionRetention extends SessionLifetimes {
  /** JWT_TTL_SECONDS in ms: a token issued at a session's last use verifies this long. */
  readonly accessTokenMs: number;
  /** At most this many sessions in memory; past it the least recently used one is forgotten. */
  readonly max: number;
  /** The time tokens are checked at (the system clock; a test moves it). */
  readonly clock: Clock;
}

/** Epoch ms of the session's start and its last refresh, from the events' own times. */
interface OpenSession {
  readonly startedAt: number;
  readonly lastUsedAt: number;
}

/**
 * Which sign-in sessions are still open, folded from the log on every node
 * (so a logout on one node refuses the session's access tokens on all).
 * Refresh decisions read the session's stream itself (Sessions), not this.
 *
 * An unknown session is refused, so only sessions that can still be used are
 * kept: a revoked one leaves at once, an open one once it can no longer be
 * refreshed and the last token issued for it has expired. The map is in
 * order of last use, so both the expired and the evicted are at its front.
 */
@Injectable()
export class SessionStore extends FollowedView {
  private readonly sessions = new Map<string, OpenSession>();
  private readonly endedListeners: ((userId: string) => void)[] = [];

  constructor(
    store: EventStore,
    work: BackgroundWork,
    private readonly retention: SessionRetention,
  ) {
    super(store, work, {
      name: 'sessions',
      filter: { types: [...SESSION_EVENT_TYPES], categories: ['session'] },
      accepts: (e) => SESSION_EVENT_TYPES.has(e.type) && e.streamName.startsWith('session-'),
    });
  }

  /** The time sessions are started, refreshed and checked at: one clock for all three. */
  now(): Date {
    return this.retention.clock.now();
  }

  isOpen(sessionId: string): boolean {
    const now = this.now().getTime();
    this.dropExpired(now);
    const session = this.sessions.get(sessionId);
    return session !== undefined && now <= this.usableUntil(session);
  }

  /** Sessions held in memory (docs/memory.md). */
  get size(): number {
    return this.sessions.size;
  }

  /** Called with the user whenever one of their sessions ends (open sockets are checked again). */
  onSessionEnded(listener: (userId: string) => void): void {
    this.endedListeners.push(listener);
  }

  protected apply(recorded: RecordedEvent): void {
    const event = recorded as unknown as SessionEvent;
    if (event.type === 'SessionStarted') {
      const startedAt = Date.parse(event.data.startedAt);
      this.remember(event.data.sessionId, { startedAt, lastUsedAt: startedAt });
    } else if (event.type === 'SessionRefreshed') {
      const refreshedAt = Date.parse(event.data.refreshedAt);
      // A refresh the decider accepted proves the session alive: one forgotten under the cap comes back.
      const startedAt = this.sessions.get(event.data.sessionId)?.startedAt ?? refreshedAt;
      this.remember(event.data.sessionId, { startedAt, lastUsedAt: refreshedAt });
    } else {
      this.sessions.delete(event.data.sessionId);
      for (const listener of this.endedListeners) listener(event.data.userId);
    }
    this.dropExpired(this.now().getTime());
  }

  private remember(sessionId: string, session: OpenSession): void {
    this.sessions.delete(sessionId);
    this.sessions.set(sessionId, session);
    if (this.sessions.size > this.retention.max)
      this.sessions.delete(this.sessions.keys().next().value as string);
  }

  /** From the front (least recently used) while even the idle lifetime is over. */
  private dropExpired(now: number): void {
    for (const [sessionId, { lastUsedAt }] of this.sessions) {
      if (lastUsedAt + this.retention.idleMs + this.tokenMs() >= now) return;
      this.sessions.delete(sessionId);
    }
  }

  /** The last refresh it may get, plus the lifetime of the token that refresh issues. */
  private usableUntil({ startedAt, lastUsedAt }: OpenSession): number {
    const refreshable = Math.min(
      lastUsedAt + this.retention.idleMs,
      startedAt + this.retention.absoluteMs,
    );
    return refreshable + this.tokenMs();
  }

  private tokenMs(): number {
    return this.retention.accessTokenMs + SIGNING_MARGIN_MS;
  }
}
