import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@pagedesk/event-store';
import { SESSION_EVENT_TYPES, type SessionEvent } from '@pagedesk/tenancy';
import { BackgroundWork } from '../processing/background-work';
import { FollowedView } from '../tenants/followed-view';

/**
 * Which sign-in sessions are still open, folded from the log on every node
 * (so a logout on one node refuses the session's access tokens on all).
 * Refresh decisions read the session's stream itself (Sessions), not this.
 */
@Injectable()
export class SessionStore extends FollowedView {
  private readonly sessions = new Map<string, { readonly userId: string; ended: boolean }>();
  private readonly endedListeners: ((userId: string) => void)[] = [];

  constructor(@Inject(EVENT_STORE) store: EventStore, work: BackgroundWork) {
    super(store, work, {
      name: 'sessions',
      filter: { types: [...SESSION_EVENT_TYPES], categories: ['session'] },
      accepts: (e) => SESSION_EVENT_TYPES.has(e.type) && e.streamName.startsWith('session-'),
    });
  }

  isOpen(sessionId: string): boolean {
    const session = this.sessions.get(sessionId);
    return session !== undefined && !session.ended;
  }

  /** Called with the user whenever one of their sessions ends (open sockets are checked again). */
  onSessionEnded(listener: (userId: string) => void): void {
    this.endedListeners.push(listener);
  }

  protected apply(recorded: RecordedEvent): void {
    const event = recorded as unknown as SessionEvent;
    if (event.type === 'SessionStarted')
      this.sessions.set(event.data.sessionId, { userId: event.data.userId, ended: false });
    if (event.type !== 'SessionRevoked') return;
    const session = this.sessions.get(event.data.sessionId);
    if (session) session.ended = true;
    for (const listener of this.endedListeners) listener(event.data.userId);
  }
}
