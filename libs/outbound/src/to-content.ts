import type {
  AgentMessageContent,
  CarouselElement,
  MessageButton,
  QuickReply,
} from '@pagedesk/conversation';
import {
  PhoneNumberButtonDto,
  PostbackButtonDto,
  WebUrlButtonDto,
  type ButtonDto,
} from './dto/button.dto';
import {
  AttachmentContentDto,
  ButtonsContentDto,
  CarouselContentDto,
  TextContentDto,
  type CarouselElementDto,
  type ContentDto,
} from './dto/content.dto';
import { TextQuickReplyDto, type QuickReplyDto } from './dto/quick-reply.dto';
import { expandContactKeywords } from './contact-keywords';

/**
 * Validated DTO → the domain's content, every optional field made explicit
 * (events keep `null`, never a missing key), with the contact keywords applied.
 */
export function toAgentMessageContent(dto: ContentDto): AgentMessageContent {
  const quickReplies = (dto.quickReplies ?? []).map(toQuickReply);
  if (dto instanceof TextContentDto) {
    return expandContactKeywords({ kind: 'text', text: dto.text, quickReplies });
  }
  if (dto instanceof AttachmentContentDto) {
    const { type, url } = dto.attachment;
    return { kind: 'attachment', attachment: { type, url }, quickReplies };
  }
  if (dto instanceof ButtonsContentDto) {
    return { kind: 'buttons', text: dto.text, buttons: dto.buttons.map(toButton), quickReplies };
  }
  if (dto instanceof CarouselContentDto) {
    return { kind: 'carousel', elements: dto.elements.map(toElement), quickReplies };
  }
  throw new TypeError(`content of kind ${dto.kind} was not validated`);
}

function toQuickReply(dto: QuickReplyDto): QuickReply {
  if (dto instanceof TextQuickReplyDto) {
    return { type: 'text', title: dto.title, payload: dto.payload, imageUrl: dto.imageUrl ?? null };
  }
  return { type: dto.type === 'user_email' ? 'user_email' : 'user_phone_number' };
}

function toButton(dto: ButtonDto): MessageButton {
  if (dto instanceof PostbackButtonDto) {
    return { type: 'postback', title: dto.title, payload: dto.payload };
  }
  if (dto instanceof PhoneNumberButtonDto) {
    return { type: 'phone_number', title: dto.title, payload: dto.payload };
  }
  if (dto instanceof WebUrlButtonDto) return { type: 'web_url', title: dto.title, url: dto.url };
  throw new TypeError(`button of type ${dto.type} was not validated`);
}

function toElement(dto: CarouselElementDto): CarouselElement {
  return {
    title: dto.title,
    subtitle: dto.subtitle ?? null,
    imageUrl: dto.imageUrl ?? null,
    defaultActionUrl: dto.defaultActionUrl ?? null,
    buttons: (dto.buttons ?? []).map(toButton),
  };
}
