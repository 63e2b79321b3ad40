import { IsIn, IsOptional, IsString, IsUrl, Length, MaxLength } from 'class-validator';

export class NewCustomerDto {
  @IsIn(['messenger', 'guest'])
  kind!: 'messenger' | 'guest';
}

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
  @IsIn(['image', 'video', 'audio', 'file'])
  attachmentType?: 'image' | 'video' | 'audio' | 'file';

  @IsOptional()
  @IsUrl({ require_tld: false })
  attachmentUrl?: string;
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
