import {
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Length,
  MaxLength,
} from 'class-validator';

/** Client → server payloads of the agent namespace; unknown fields are refused like in REST. */
export class StatusPayload {
  @IsIn(['ready', 'not_ready'])
  status!: 'ready' | 'not_ready';
}

export class ConversationPayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  conversationId!: string;
}

/** Exactly one of `text` (plain) or `content` (rich, docs/outbound.md). */
export class SendPayload extends ConversationPayload {
  @IsString()
  @Length(1, 100)
  clientMessageId!: string;

  @IsOptional()
  @IsString()
  text?: string;

  @IsOptional()
  @IsObject()
  content?: object;
}

export class TypingPayload extends ConversationPayload {
  @IsBoolean()
  on!: boolean;
}

/** Exactly one of `toAgentId` or `toQueueId`. */
export class TransferPayload extends ConversationPayload {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  toAgentId?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  toQueueId?: string;
}

export class SyncPayload {}
