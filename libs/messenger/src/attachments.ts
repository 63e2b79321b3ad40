import type { AttachmentType, MessageAttachment } from '@pagedesk/conversation';
import { asId, asNumber, asObject, asString } from './json-access';

const KNOWN: readonly AttachmentType[] = [
  'image',
  'video',
  'audio',
  'file',
  'location',
  'fallback',
  'sticker',
  'template',
];

const isKnown = (type: string | undefined): type is AttachmentType =>
  KNOWN.includes(type as AttachmentType);

/**
 * Facebook sends a sticker as an image with a `sticker_id` (and, until
 * 30 Aug 2026, also as a separate `sticker` attachment): both collapse into
 * one sticker so the transcript does not show it twice.
 */
export function parseAttachments(value: unknown): MessageAttachment[] {
  if (!Array.isArray(value)) return [];
  const parsed = value.map(parseAttachment);
  return parsed.filter(
    (attachment, index) => parsed.findIndex((other) => sameAttachment(other, attachment)) === index,
  );
}

function parseAttachment(value: unknown): MessageAttachment {
  const raw = asObject(value) ?? {};
  const payload = asObject(raw.payload) ?? {};
  const type = asString(raw.type);
  const stickerId = asId(payload.sticker_id) ?? null;
  const coordinates = asObject(payload.coordinates);
  const lat = asNumber(coordinates?.lat);
  const long = asNumber(coordinates?.long);
  return {
    type: stickerId !== null ? 'sticker' : isKnown(type) ? type : 'unsupported',
    // Legacy location and fallback attachments keep url/title outside the payload.
    url: asString(payload.url) ?? asString(raw.url) ?? null,
    title: asString(payload.title) ?? asString(raw.title) ?? null,
    stickerId,
    coordinates: lat !== undefined && long !== undefined ? { lat, long } : null,
  };
}

const sameAttachment = (a: MessageAttachment, b: MessageAttachment): boolean =>
  a.type === b.type && a.url === b.url && a.stickerId === b.stickerId && a.title === b.title;
