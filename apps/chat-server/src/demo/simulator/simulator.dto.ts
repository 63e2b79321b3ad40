import { IsIn, IsOptional, IsString, IsUrl, Length, MaxLength, ValidateIf } from 'class-validator';
import { AGENT_REACTIONS, type AgentReaction } from '@pagedesk/contracts';

export class NewCustomerDto {
  @IsIn(['messenger', 'guest'])
  kind!: 'messenger' | 'guest';
}

/** What a customer can attach in Messenger; a location needs no URL (the simulator pins one). */
export const CUSTOMER_ATTACHMENT_KINDS = [
  'image',
  'video',
  'audio',
  'file',
  'sticker',
  'location',
  'fallback',
] as const;
export type CustomerAttachmentKind = (typeof CUSTOMER_ATTACHMENT_KINDS)[number];

/** A message as the customer's Messenger app would send it: text, a quick-reply tap or an attachment. */
export class CustomerMessageDto {
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  text?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  quickReplyPayload?: string;

  @IsOptional()
  @IsIn(CUSTOMER_ATTACHMENT_KINDS)
  attachmentType?: CustomerAttachmentKind;

  @IsOptional()
  @IsUrl({ require_tld: false })
  attachmentUrl?: string;
}

/** The customer changes the text of one of their messages. */
export class EditDto {
  @IsString()
  @Length(1, 300)
  mid!: string;

  @IsString()
  @Length(1, 2000)
  text!: string;
}

/** The customer reacts to a page message (Messenger's reaction names, as agents have them), or takes it back (null). */
export class ReactionDto {
  @IsString()
  @Length(1, 300)
  mid!: string;

  @ValidateIf((dto: ReactionDto) => dto.reaction !== null)
  @IsIn(Object.keys(AGENT_REACTIONS))
  reaction!: AgentReaction | null;
}

/** A tap on a button of a button template or carousel. */
export class PostbackDto {
  @IsString()
  @Length(1, 80)
  title!: string;

  @IsString()
  @Length(1, 1000)
  payload!: string;
}
