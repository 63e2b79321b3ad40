import { Module } from '@nestjs/common';
import { ExecuteConversationCommandHandler } from './execute-conversation-command';
import { ExecuteConversationCommandsHandler } from './execute-conversation-commands';

@Module({ providers: [ExecuteConversationCommandHandler, ExecuteConversationCommandsHandler] })
export class ConversationsModule {}
