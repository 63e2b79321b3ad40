import {
  judgeUploadHead,
  SIGNATURE_BYTES,
  type AttachmentAccepted,
  type UploadLimits,
  type UploadVerdict,
} from '@pagedesk/contracts';
import { ApiError } from '../../shared/api';
import type { Auth } from '../../shared/auth';

/**
 * One file on its way: shown in the chat at once (`preview`: an image's local copy), `error` once
 * the server or the network refused it, `accepted` once recorded (until its message arrives).
 */
export interface PendingUpload {
  readonly clientMessageId: string;
  readonly file: File;
  readonly preview: string | null;
  readonly error: string | null;
  readonly accepted: boolean;
}

/**
 * The desk's check before an upload: the server's rule (libs/contracts/src/uploads.ts) with the
 * server's limit, on the declared type, the size and the file's first bytes, so the agent hears
 * at once what the server would answer.
 */
export async function judgeFile(file: File, limits: UploadLimits): Promise<UploadVerdict> {
  const head = new Uint8Array(await file.slice(0, SIGNATURE_BYTES).arrayBuffer());
  return judgeUploadHead({ mimeType: file.type, size: file.size, head }, limits.maxBytes);
}

/**
 * Previews of uploaded images, by blob, as `blob:` URLs (the CSP's img-src allows them, and an
 * <img> could not send the bearer token): the file this tab uploaded, or the bytes fetched once
 * from GET /api/conversations/{id}/attachments/{blob} after a reload or in a supervisor's tab.
 */
const previews = new Map<string, Promise<Preview>>();

/** A `blob:` URL; GONE when the server deleted the bytes past their retention (410); null when not shown now. */
export type Preview = string | typeof GONE | null;
export const GONE = 'gone';

export function previewOf(auth: Auth, conversationId: string, blob: string): Promise<Preview> {
  let preview = previews.get(blob);
  if (!preview) {
    const path = `/api/conversations/${encodeURIComponent(conversationId)}/attachments/${blob}`;
    // Refused or unreachable, the file shows its name only, and a later look asks again; a
    // deleted one stays deleted.
    preview = auth.download(path).then(
      (bytes) => URL.createObjectURL(bytes),
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 410) return GONE;
        previews.delete(blob);
        return null;
      },
    );
    previews.set(blob, preview);
  }
  return preview;
}

/**
 * An image this tab is sending, shown from its own copy under the blob name the server will give
 * it (the sha256 of its bytes): the recorded message's preview never waits for, or depends on,
 * the upload's answer and a download of the same bytes (the push may come first).
 */
export async function showLocally(file: File): Promise<string> {
  const preview = URL.createObjectURL(file);
  if (globalThis.crypto?.subtle) {
    const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
    const blob = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
    if (!previews.has(blob)) previews.set(blob, Promise.resolve(preview));
  }
  return preview;
}

/** Same clientMessageId on a retry: the server records the message once. */
export async function uploadFile(
  auth: Auth,
  conversationId: string,
  upload: PendingUpload,
): Promise<AttachmentAccepted> {
  const form = new FormData();
  form.append('clientMessageId', upload.clientMessageId);
  form.append('file', upload.file, upload.file.name);
  const accepted = await auth.request<AttachmentAccepted>(
    `/api/conversations/${encodeURIComponent(conversationId)}/attachments`,
    { method: 'POST', body: form },
  );
  if (upload.preview && !previews.has(accepted.blob))
    previews.set(accepted.blob, Promise.resolve(upload.preview));
  return accepted;
}

export const sizeOf = (bytes: number): string =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
