import { Global, Module } from '@nestjs/common';
import { ConversationStates } from './conversation-states';
import { ExecuteConversationCommandHandler } from './execute-conversation-command';
import { ExecuteConversationCommandsHandler } from './execute-conversation-commands';

@Global()
@Module({
  providers: [
    ConversationStates,
    ExecuteConversationCommandHandler,
    ExecuteConversationCommandsHandler,
  ],
  exports: [ConversationStates],
})
export class ConversationsModule {}
