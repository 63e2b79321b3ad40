import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@pagedesk/event-store';
import { SESSION_EVENT_TYPES, type SessionEvent } from '@pagedesk/tenancy';
import { LogFollower } from '../tenants/log-follower';

/**
 * Which sign-in sessions are still open, folded from the log on every node
 * (so a logout on one node refuses the session's access tokens on all).
 * Refresh decisions read the session's stream itself (Sessions), not this.
 */
@Injectable()
export class SessionStore implements OnModuleInit, OnApplicationShutdown {
  private readonly sessions = new Map<string, { readonly userId: string; ended: boolean }>();
  private readonly endedListeners: ((userId: string) => void)[] = [];
  private readonly follower: LogFollower;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.follower = new LogFollower(
      store,
      (e) => SESSION_EVENT_TYPES.has(e.type) && e.streamName.startsWith('session-'),
      (e) => this.apply(e),
    );
  }

  onModuleInit(): Promise<void> {
    return this.follower.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower.stop();
  }

  waitFor(position: number | undefined): Promise<void> {
    return this.follower.waitFor(position);
  }

  isOpen(sessionId: string): boolean {
    const session = this.sessions.get(sessionId);
    return session !== undefined && !session.ended;
  }

  /** Called with the user whenever one of their sessions ends (open sockets are checked again). */
  onSessionEnded(listener: (userId: string) => void): void {
    this.endedListeners.push(listener);
  }

  private apply(recorded: RecordedEvent): void {
    const event = recorded as unknown as SessionEvent;
    if (event.type === 'SessionStarted')
      this.sessions.set(event.data.sessionId, { userId: event.data.userId, ended: false });
    if (event.type !== 'SessionRevoked') return;
    const session = this.sessions.get(event.data.sessionId);
    if (session) session.ended = true;
    for (const listener of this.endedListeners) listener(event.data.userId);
  }
}
