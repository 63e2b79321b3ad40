import { Inject, Injectable } from '@nestjs/common';
import {
  ConversationError,
  conversationDecider,
  conversationEventCodec,
  type ConversationState,
  type StartedConversation,
} from '@pagedesk/conversation';
import {
  aggregateStream,
  EVENT_STORE,
  foldHanded,
  StateCache,
  type EventStore,
  type RecordedEvent,
} from '@pagedesk/event-store';
import { conversationStream } from './conversation-stream';

/**
 * Conversations as the decider sees them, from this thread's cache of folded
 * states plus the events appended since: a command or a lookup reads a
 * conversation's new events, not its whole stream (it grows with every message).
 */
@Injectable()
export class ConversationStates {
  /** An ended conversation's state is folded again on the rare late event rather than kept. */
  readonly cache = new StateCache<ConversationState>(5_000, (state) => state.status !== 'ended');

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The outbox's pending work, the page to send from, the deadlines; throws for a conversation that does not exist. */
  async load(conversationId: string): Promise<StartedConversation> {
    const state = await this.state(conversationId);
    if (state.status === 'empty') {
      throw new ConversationError('conversation_not_found', 'no such conversation', {
        conversationId,
      });
    }
    return state;
  }

  /** Any conversation, also one never started (empty): what routing asks before it sends an update there. */
  async state(conversationId: string): Promise<ConversationState> {
    return (await this.current(conversationId)).state;
  }

  /**
   * The state and revision of this thread's own last append when it has seen
   * no later event, without a read, and the types of the last events it
   * appended up to there. Not proof that nobody wrote since: for work that
   * sees every later event too.
   */
  appendedHere(conversationId: string):
    | {
        state: ConversationState;
        revision: number;
        appendedTypes?: readonly string[];
      }
    | undefined {
    return this.cache.appendedHere(conversationStream(conversationId));
  }

  /**
   * The state at `event`, from the cached state just before it, without a
   * read; undefined when the cache is not exactly one event behind.
   */
  handed(
    event: RecordedEvent,
  ): { state: ConversationState; revision: number | undefined } | undefined {
    return foldHanded(this.cache, conversationDecider, conversationEventCodec, event);
  }

  /** The state and the revision of its stream's last event (undefined: never started). */
  current(
    conversationId: string,
  ): Promise<{ state: ConversationState; revision: number | undefined }> {
    return aggregateStream(
      this.store,
      conversationStream(conversationId),
      conversationDecider,
      conversationEventCodec,
      this.cache,
    );
  }
}
