import { judgeUploadContent, sniffMediaType } from '@pagedesk/contracts';
import type { UploadedFile } from '@pagedesk/conversation';

export interface ServedBlob {
  readonly contentType: string;
  readonly contentDisposition: string;
}

/**
 * How a stored upload is handed to a browser. The bytes are judged again, as on the way in, so a
 * file recorded before uploads were sniffed is never served as something it is not; only an image
 * is shown inline, anything else is downloaded, and never rendered as a page of this origin.
 */
export function servedBlob(upload: UploadedFile, bytes: Uint8Array): ServedBlob {
  const verdict = judgeUploadContent(upload.mimeType, sniffMediaType(bytes));
  const trusted = verdict.ok && verdict.type === upload.type;
  const contentType = trusted ? verdict.mimeType : 'application/octet-stream';
  const inline = trusted && verdict.type === 'image';
  return { contentType, contentDisposition: contentDisposition(inline, upload.name) };
}

/**
 * RFC 6266: a plain-ASCII `filename` for old clients (quotes, backslashes and anything outside
 * printable ASCII replaced) and the exact name, percent-encoded, in `filename*`.
 */
export function contentDisposition(inline: boolean, name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const exact = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${inline ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${exact}`;
}
