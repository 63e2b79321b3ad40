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
