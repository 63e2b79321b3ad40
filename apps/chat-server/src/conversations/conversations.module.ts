import { Module } from '@nestjs/common';
import { ExecuteConversationCommandHandler } from './execute-conversation-command';

@Module({ providers: [ExecuteConversationCommandHandler] })
export class ConversationsModule {}
