import {
  judgeUpload,
  type AttachmentAccepted,
  type UploadLimits,
  type UploadVerdict,
} from '@pagedesk/contracts';
import type { Auth } from '../../shared/auth';

/** One file on its way to the server; `error` once the server or the network refused it. */
export interface PendingUpload {
  readonly clientMessageId: string;
  readonly file: File;
  readonly error: string | null;
}

/**
 * The desk's check before an upload: the server's rule (libs/contracts/src/uploads.ts) with the
 * server's limit, so the agent hears at once what the server would answer.
 */
export const judgeFile = (file: File, limits: UploadLimits): UploadVerdict =>
  judgeUpload({ mimeType: file.type, size: file.size }, limits.maxBytes);

/**
 * Previews of uploaded images, by blob, as `blob:` URLs (the CSP's img-src allows them, and an
 * <img> could not send the bearer token): the file this tab uploaded, or the bytes fetched once
 * from GET /api/conversations/{id}/attachments/{blob} after a reload or in a supervisor's tab.
 */
const previews = new Map<string, Promise<string | null>>();

export function previewOf(
  auth: Auth,
  conversationId: string,
  blob: string,
): Promise<string | null> {
  let preview = previews.get(blob);
  if (!preview) {
    const path = `/api/conversations/${encodeURIComponent(conversationId)}/attachments/${blob}`;
    // A file no longer stored (or refused) shows its name only; a later look asks again.
    preview = auth.download(path).then(
      (bytes) => URL.createObjectURL(bytes),
      () => {
        previews.delete(blob);
        return null;
      },
    );
    previews.set(blob, preview);
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
  if (upload.file.type.startsWith('image/') && !previews.has(accepted.blob))
    previews.set(accepted.blob, Promise.resolve(URL.createObjectURL(upload.file)));
  return accepted;
}

export const sizeOf = (bytes: number): string =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
