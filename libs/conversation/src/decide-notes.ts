import type { AddInternalNote } from './commands';
import { noteKey } from './dedupe-keys';
import { ConversationError } from './errors';
import type { ConversationEvent } from './events';
import { requireStarted } from './guards';
import type { ConversationState } from './state';

export const NOTE_MAX = 2000;

/**
 * A note may be added to an ended conversation too (a supervisor's finding after
 * the fact); who may write on which conversation is the caller's rule.
 */
export function addInternalNote(
  { data }: AddInternalNote,
  state: ConversationState,
  now: number,
): ConversationEvent[] {
  const started = requireStarted(state);
  if (started.seenKeys.has(noteKey(data))) return [];
  const text = data.text.trim();
  if (text === '' || text.length > NOTE_MAX) {
    throw new ConversationError('invalid_note', `a note has 1 to ${NOTE_MAX} characters`, {
      max: NOTE_MAX,
    });
  }
  return [
    {
      type: 'InternalNoteAdded',
      data: { noteId: data.noteId, authorId: data.authorId, text, addedAt: now },
    },
  ];
}
