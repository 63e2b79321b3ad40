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

/** Previews of images this tab uploaded, by blob: the server keeps the bytes but does not serve them to browsers. */
const previews = new Map<string, string>();
export const previewOf = (blob: string): string | undefined => previews.get(blob);

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
    previews.set(accepted.blob, URL.createObjectURL(upload.file));
  return accepted;
}

export const sizeOf = (bytes: number): string =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
