import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import {
  AGENT_REACTIONS,
  type AgentReaction,
  type AgentRequests,
  type SendContent,
  type Wire,
} from '@pagedesk/contracts';

/** The contract's payload of a client → server event: each class below must satisfy it. */
type PayloadOf<N extends keyof typeof AgentRequests> = Wire<(typeof AgentRequests)[N]['payload']>;

/** Client → server payloads of the agent namespace; unknown fields are refused like in REST. */
export class StatusPayload implements PayloadOf<'agent:status'> {
  @IsIn(['ready', 'not_ready'])
  status!: 'ready' | 'not_ready';
}

export class ConversationPayload implements PayloadOf<'chat:accept'> {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  conversationId!: string;
}

/** Exactly one of `text` (plain) or `content` (rich, docs/outbound.md). */
export class SendPayload extends ConversationPayload implements PayloadOf<'chat:send'> {
  @IsString()
  @Length(1, 100)
  clientMessageId!: string;

  @IsOptional()
  @IsString()
  text?: string;

  @IsOptional()
  @IsObject()
  /** Checked in depth by libs/outbound when the message is built. */
  content?: SendContent;
}

export class TypingPayload extends ConversationPayload implements PayloadOf<'chat:typing'> {
  @IsBoolean()
  on!: boolean;
}

/** Exactly one of `toAgentId` or `toQueueId`. */
export class TransferPayload extends ConversationPayload implements PayloadOf<'chat:transfer'> {
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

  /** Its length is the decider's rule (TRANSFER_NOTE_MAX); this only keeps a huge body out. */
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  note?: string;
}

/** `reaction: null` takes the agent's reaction back; anything else must be one of AGENT_REACTIONS. */
export class ReactPayload extends ConversationPayload implements PayloadOf<'chat:react'> {
  @IsString()
  @Length(1, 300)
  messageId!: string;

  @ValidateIf((payload: ReactPayload) => payload.reaction !== null)
  @IsIn(Object.keys(AGENT_REACTIONS))
  reaction!: AgentReaction | null;
}

export class SyncPayload implements PayloadOf<'sync'> {}

/** More than 10 tags, or one twice, is the decider's `invalid_wrap_up`; this only bounds the body. */
export class ClosePayload extends ConversationPayload implements PayloadOf<'chat:close'> {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  wrapUpTags?: string[];
}

/** Blank or longer than 2000 characters after trimming is the decider's `invalid_note`. */
export class NotePayload extends ConversationPayload implements PayloadOf<'chat:note'> {
  @IsString()
  @Length(1, 100)
  noteId!: string;

  @IsString()
  @MaxLength(10_000)
  text!: string;
}
