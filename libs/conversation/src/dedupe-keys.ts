/**
 * Identity of things Facebook sends without a mid. A redelivery repeats every
 * field including the timestamp, so these keys catch it; a genuinely new tap
 * or link visit has a new timestamp.
 */
export const postbackKey = (p: { sentAt: number; title: string; payload: string | null }): string =>
  `postback:${p.sentAt}:${p.title}:${p.payload ?? ''}`;

export const referralKey = (r: {
  sentAt: number;
  referral: { type: string; ref: string | null };
}): string => `referral:${r.sentAt}:${r.referral.type}:${r.referral.ref ?? ''}`;

export const editKey = (e: { mid: string; editCount: number }): string =>
  `edit:${e.mid}:${e.editCount}`;

/** A note's id is its author's (a retry resends it), so two authors never collide. */
export const noteKey = (n: { authorId: string; noteId: string }): string =>
  `note:${n.authorId}:${n.noteId}`;
