/** One message that refers to a blob, as far as the outbox has got with it. */
export interface BlobUse {
  readonly messageId: string;
  /** When it was sent, or failed for good; null while the outbox may still need the bytes. */
  readonly settledAt: number | null;
}

export type BlobRetentionVerdict =
  | { readonly delete: true }
  | {
      readonly delete: false;
      readonly reason: 'pending_send' | 'within_retention' | 'unreferenced';
      /** The earliest moment the blob could go, when that is known now. */
      readonly until: number | null;
    };

/**
 * Whether an uploaded file's bytes may be deleted: only when every message that refers to it has
 * been sent (uploaded to Facebook, then sent) or has failed for good, and the retention has passed
 * since the last of them and since the bytes were last written (the same bytes uploaded again
 * just now may belong to a message the index has not seen yet). A blob no message refers to is
 * kept: it may be the upload whose message is being recorded this very moment (docs/blob-store.md).
 */
export function blobRetention(
  uses: readonly BlobUse[],
  writtenAt: number,
  now: number,
  retentionMs: number,
): BlobRetentionVerdict {
  if (uses.length === 0) return { delete: false, reason: 'unreferenced', until: null };
  if (uses.some((use) => use.settledAt === null))
    return { delete: false, reason: 'pending_send', until: null };
  const lastSettled = Math.max(...uses.map((use) => use.settledAt!));
  const until = Math.max(lastSettled, writtenAt) + retentionMs;
  return now >= until ? { delete: true } : { delete: false, reason: 'within_retention', until };
}
