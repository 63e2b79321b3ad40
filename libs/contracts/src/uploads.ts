import { COMPOUND_FILE, SIGNATURE_BYTES, sniffMediaType } from './media-signature';

/**
 * Which files an agent may upload, and as which Messenger attachment type: one rule for the
 * desk's check before the upload and the server's check after it (the server never trusts the
 * browser's). Messenger takes image, video, audio and file; `file` is kept to documents so an
 * executable or a script never goes out in the page's name.
 */
export const UPLOAD_TYPES = {
  image: ['image/jpeg', 'image/png', 'image/gif'],
  video: ['video/mp4', 'video/quicktime'],
  audio: ['audio/mpeg', 'audio/mp4', 'audio/aac', 'audio/wav', 'audio/ogg'],
  file: [
    'application/pdf',
    'text/plain',
    'text/csv',
    'application/zip',
    'application/msword',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.ms-excel',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ],
} as const;

export type UploadType = keyof typeof UPLOAD_TYPES;

/** Messenger's own limit for an attachment; the server's UPLOAD_MAX_BYTES may lower it. */
export const MESSENGER_MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

export type UploadVerdict =
  | { readonly ok: true; readonly type: UploadType }
  | { readonly ok: false; readonly code: 'invalid' | 'too_large'; readonly message: string };

/** `image/PNG; name=x` → `image/png`: what the rule and the record compare. */
export const baseMimeType = (mimeType: string): string =>
  mimeType.split(';')[0]!.trim().toLowerCase();

export function uploadTypeOf(mimeType: string): UploadType | null {
  const base = baseMimeType(mimeType);
  for (const [type, accepted] of Object.entries(UPLOAD_TYPES) as [UploadType, readonly string[]][])
    if (accepted.includes(base)) return type;
  return null;
}

/** Judges a file by its media type and byte size; the codes are the error taxonomy's. */
export function judgeUpload(
  file: { readonly mimeType: string; readonly size: number },
  maxBytes: number,
): UploadVerdict {
  const type = uploadTypeOf(file.mimeType);
  if (type === null) {
    const shown = baseMimeType(file.mimeType) || 'unknown';
    return {
      ok: false,
      code: 'invalid',
      message: `files of type ${shown} cannot be sent: images (JPEG, PNG, GIF), MP4 videos, audio and documents (PDF, text, Office, ZIP) can`,
    };
  }
  if (file.size <= 0) return { ok: false, code: 'invalid', message: 'the file is empty' };
  if (file.size > maxBytes) {
    return {
      ok: false,
      code: 'too_large',
      message: `the file is ${sizeText(file.size)}; at most ${sizeText(maxBytes)} can be sent`,
    };
  }
  return { ok: true, type };
}

const sizeText = (bytes: number): string =>
  bytes < 1024 * 1024
    ? `${(bytes / 1024).toFixed(1)} KB`
    : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** What the bytes may be sent as: the declared type when the bytes agree, else what they are. */
export type ContentVerdict =
  | { readonly ok: true; readonly type: UploadType; readonly mimeType: string }
  | { readonly ok: false; readonly code: 'invalid'; readonly message: string };

/**
 * Declared types the same bytes can honestly be: a ZIP is also a Word or Excel file, a compound
 * file an old Word or Excel one, text also CSV, an MP4 container also audio.
 */
const SAME_BYTES: Readonly<Record<string, readonly string[]>> = {
  'application/zip': [
    'application/zip',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ],
  [COMPOUND_FILE]: ['application/msword', 'application/vnd.ms-excel'],
  'text/plain': ['text/plain', 'text/csv'],
  'video/mp4': ['video/mp4', 'audio/mp4', 'audio/aac'],
  'audio/mp4': ['audio/mp4', 'audio/aac', 'video/mp4'],
};

/**
 * The server's second look, at the bytes (`sniffed`, from sniffMediaType): a declared image,
 * video or audio clip must really be one, and the Messenger type always follows the bytes, so
 * a PDF named `.png` is never sent as an image and a script never goes out as a document.
 */
export function judgeUploadContent(
  declaredMimeType: string,
  sniffed: string | null,
): ContentVerdict {
  const declared = baseMimeType(declaredMimeType);
  const declaredType = uploadTypeOf(declared);
  if (sniffed === null) return refused(declared, 'not an image, video, audio clip or document');
  const candidates = SAME_BYTES[sniffed] ?? [sniffed];
  const mimeType = candidates.includes(declared)
    ? declared
    : (candidates.find(
        (candidate) => declaredType !== null && uploadTypeOf(candidate) === declaredType,
      ) ?? candidates.find((candidate) => uploadTypeOf(candidate) !== null));
  const type = mimeType === undefined ? null : uploadTypeOf(mimeType);
  if (mimeType === undefined || type === null)
    return refused(declared, `${sniffed}, which cannot be sent`);
  if (declaredType !== null && declaredType !== 'file' && declaredType !== type)
    return refused(declared, `${KIND_NAMES[type]} (${mimeType})`);
  return { ok: true, type, mimeType };
}

const KIND_NAMES: Readonly<Record<UploadType, string>> = {
  image: 'an image',
  video: 'a video',
  audio: 'an audio clip',
  file: 'a document',
};

const refused = (declared: string, actually: string): ContentVerdict => ({
  ok: false,
  code: 'invalid',
  message: `the file says it is ${declared || 'of no type'} but its contents are ${actually}`,
});

/**
 * The desk's whole check before an upload, on the file's declared type, its size and its first
 * SIGNATURE_BYTES bytes (`head`): the same rules as the server's, so a `.png` that is really a
 * PDF is refused with the server's words before anything is sent. The server still judges the
 * whole file (a control character further on, say), and its verdict is the one that counts.
 */
export function judgeUploadHead(
  file: { readonly mimeType: string; readonly size: number; readonly head: Uint8Array },
  maxBytes: number,
): UploadVerdict {
  const declared = judgeUpload(file, maxBytes);
  if (!declared.ok) return declared;
  const head = file.head.subarray(0, SIGNATURE_BYTES);
  const content = judgeUploadContent(
    file.mimeType,
    sniffMediaType(head, { head: file.size > head.length }),
  );
  return content.ok ? { ok: true, type: content.type } : content;
}
