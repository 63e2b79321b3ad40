import { IsUUID } from 'class-validator';

export class PreviousTranscriptParams {
  @IsUUID()
  conversationId!: string;

  @IsUUID()
  previousConversationId!: string;
}
