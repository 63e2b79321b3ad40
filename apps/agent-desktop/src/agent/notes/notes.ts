import type { NotePush } from '@pagedesk/contracts';
import type { Chat } from '../desk-state';

/** The chat's internal notes, once each, in log order. */
export function notesOf(chat: Chat): NotePush[] {
  return chat.pushes.flatMap((p) => (p.name === 'chat:note' ? [p.payload] : []));
}

export type Line<M> = { kind: 'message'; message: M } | { kind: 'note'; note: NotePush };

/** Notes between the messages by time, so each sits where it was written; equal times keep the message first. */
export function interleave<M extends { at: number }>(
  messages: readonly M[],
  notes: readonly NotePush[],
): Line<M>[] {
  const lines: Line<M>[] = [];
  let n = 0;
  for (const message of messages) {
    while (n < notes.length && notes[n]!.at < message.at)
      lines.push({ kind: 'note', note: notes[n++]! });
    lines.push({ kind: 'message', message });
  }
  while (n < notes.length) lines.push({ kind: 'note', note: notes[n++]! });
  return lines;
}
