import { Injectable } from '@nestjs/common';
import { ConversationStates } from '../conversations/conversation-states';
import { conversationStream } from '../conversations/conversation-stream';
import { ConversationFeed } from './conversation-feed';

/**
 * A conversation ended by the other thread (an expiry in the processing
 * worker) would otherwise stay in this thread's state cache until evicted:
 * the feed sees every ending, so the cache follows live work here too.
 */
@Injectable()
export class EndedStates {
  constructor(feed: ConversationFeed, states: ConversationStates) {
    feed.fold(({ change, conversationId }) => {
      if (change?.after.status === 'ended') states.cache.forget(conversationStream(conversationId));
    });
  }
}
