import { Global, Module } from '@nestjs/common';
import { ConversationCommands } from './agent-commands';
import { AgentSlots } from './agent-slots';
import { ConversationFeed } from './conversation-feed';
import { EndedStates } from './ended-states';
import { LiveLoad } from './live-load';
import { Router } from './router';
import { routingCoordinationProvider } from '../cluster/routing-coordination';

/** Who gets which chat: the feed, the routing book it folds, and the router (docs/gateway.md). */
@Global()
@Module({
  providers: [
    ConversationFeed,
    ConversationCommands,
    AgentSlots,
    Router,
    LiveLoad,
    EndedStates,
    routingCoordinationProvider,
  ],
  exports: [ConversationFeed, Router, LiveLoad, ConversationCommands],
})
export class RoutingModule {}
