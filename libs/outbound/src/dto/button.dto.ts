import { Type } from 'class-transformer';
import { IsIn, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { LIMITS } from '../limits';
import { IsE164, IsWebUrl } from './validators';

const BUTTON_TYPES = ['web_url', 'postback', 'phone_number'] as const;

export class ButtonDto {
  @IsIn(BUTTON_TYPES) type!: (typeof BUTTON_TYPES)[number];
  @IsString() @Length(1, LIMITS.buttonTitle) title!: string;
}

export class WebUrlButtonDto extends ButtonDto {
  declare type: 'web_url';
  @IsWebUrl() url!: string;
}

export class PostbackButtonDto extends ButtonDto {
  declare type: 'postback';
  @IsString() @MinLength(1) @MaxLength(LIMITS.payloadLength) payload!: string;
}

export class PhoneNumberButtonDto extends ButtonDto {
  declare type: 'phone_number';
  @IsE164() payload!: string;
}

/** class-transformer picks the subclass by `type`; an unknown type stays a ButtonDto and fails `type`. */
export const ButtonType = () =>
  Type(() => ButtonDto, {
    keepDiscriminatorProperty: true,
    discriminator: {
      property: 'type',
      subTypes: [
        { name: 'web_url', value: WebUrlButtonDto },
        { name: 'postback', value: PostbackButtonDto },
        { name: 'phone_number', value: PhoneNumberButtonDto },
      ],
    },
  });
