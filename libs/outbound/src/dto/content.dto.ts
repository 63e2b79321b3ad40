import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { LIMITS } from '../limits';
import { ButtonDto, ButtonType } from './button.dto';
import { QuickReplyDto, QuickReplyType } from './quick-reply.dto';
import { IsWebUrl } from './validators';

const CONTENT_KINDS = ['text', 'attachment', 'buttons', 'carousel'] as const;
const ATTACHMENT_TYPES = ['image', 'video', 'audio', 'file'] as const;

export class ContentDto {
  @IsIn(CONTENT_KINDS) kind!: (typeof CONTENT_KINDS)[number];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.quickReplies)
  @ValidateNested({ each: true })
  @QuickReplyType()
  quickReplies?: QuickReplyDto[];
}

export class TextContentDto extends ContentDto {
  declare kind: 'text';
  @IsString() @Length(1, LIMITS.textLength) text!: string;
}

export class AttachmentDto {
  @IsIn(ATTACHMENT_TYPES) type!: (typeof ATTACHMENT_TYPES)[number];
  @IsWebUrl() url!: string;
}

export class AttachmentContentDto extends ContentDto {
  declare kind: 'attachment';
  @IsObject() @ValidateNested() @Type(() => AttachmentDto) attachment!: AttachmentDto;
}

export class ButtonsContentDto extends ContentDto {
  declare kind: 'buttons';
  @IsString() @Length(1, LIMITS.buttonTemplateText) text!: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIMITS.buttonsPerTemplate)
  @ValidateNested({ each: true })
  @ButtonType()
  buttons!: ButtonDto[];
}

export class CarouselElementDto {
  @IsString() @Length(1, LIMITS.elementTitle) title!: string;
  @IsOptional() @IsString() @MaxLength(LIMITS.elementSubtitle) subtitle?: string;
  @IsOptional() @IsWebUrl() imageUrl?: string;
  @IsOptional() @IsWebUrl() defaultActionUrl?: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.buttonsPerElement)
  @ValidateNested({ each: true })
  @ButtonType()
  buttons?: ButtonDto[];
}

export class CarouselContentDto extends ContentDto {
  declare kind: 'carousel';
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIMITS.carouselElements)
  @ValidateNested({ each: true })
  @Type(() => CarouselElementDto)
  elements!: CarouselElementDto[];
}

export const ContentType = () =>
  Type(() => ContentDto, {
    keepDiscriminatorProperty: true,
    discriminator: {
      property: 'kind',
      subTypes: [
        { name: 'text', value: TextContentDto },
        { name: 'attachment', value: AttachmentContentDto },
        { name: 'buttons', value: ButtonsContentDto },
        { name: 'carousel', value: CarouselContentDto },
      ],
    },
  });

/** What an agent sends over the socket or REST; the conversation comes from the route or event. */
export class AgentMessageDto {
  @IsString() @Length(1, LIMITS.clientMessageId) clientMessageId!: string;
  @IsObject() @ValidateNested() @ContentType() content!: ContentDto;
}
