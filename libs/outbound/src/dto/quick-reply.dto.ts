import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { LIMITS } from '../limits';
import { IsNotContactLike, IsWebUrl } from './validators';

const QUICK_REPLY_TYPES = ['text', 'user_email', 'user_phone_number'] as const;

export class QuickReplyDto {
  @IsIn(QUICK_REPLY_TYPES) type!: (typeof QUICK_REPLY_TYPES)[number];
}

export class TextQuickReplyDto extends QuickReplyDto {
  declare type: 'text';
  @IsString() @Length(1, LIMITS.quickReplyTitle) title!: string;
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.payloadLength)
  @IsNotContactLike()
  payload!: string;
  @IsOptional() @IsWebUrl() imageUrl?: string;
}

export class UserEmailQuickReplyDto extends QuickReplyDto {
  declare type: 'user_email';
}

export class UserPhoneNumberQuickReplyDto extends QuickReplyDto {
  declare type: 'user_phone_number';
}

export const QuickReplyType = () =>
  Type(() => QuickReplyDto, {
    keepDiscriminatorProperty: true,
    discriminator: {
      property: 'type',
      subTypes: [
        { name: 'text', value: TextQuickReplyDto },
        { name: 'user_email', value: UserEmailQuickReplyDto },
        { name: 'user_phone_number', value: UserPhoneNumberQuickReplyDto },
      ],
    },
  });
