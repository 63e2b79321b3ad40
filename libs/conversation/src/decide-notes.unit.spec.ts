import type { ConversationEvent } from './events';
import { given } from './testing/decider-specification';
import { AGENT, NOW, OTHER_AGENT, assignedConversation, closed, command } from './testing/fixtures';

const note = (noteId = 'n1', authorId = AGENT, text = 'Asked for the order number') =>
  command('AddInternalNote', { noteId, authorId, text });
const added = (noteId = 'n1', authorId = AGENT, text = 'Asked for the order number') =>
  ({
    type: 'InternalNoteAdded',
    data: { noteId, authorId, text, addedAt: NOW },
  }) satisfies ConversationEvent;

describe('AddInternalNote', () => {
  it('records the note, trimmed, with its author', () => {
    given(assignedConversation())
      .when(note('n1', AGENT, '  Asked for the order number \n'))
      .then([added()]);
  });

  it('records a resent note once, yet the same id from another author is another note', () => {
    given([...assignedConversation(), added()])
      .when(note())
      .thenNothing();
    given([...assignedConversation(), added()])
      .when(note('n1', OTHER_AGENT))
      .then([added('n1', OTHER_AGENT)]);
  });

  it('takes a note on an ended conversation (a finding after the fact)', () => {
    given([...assignedConversation(), closed()])
      .when(note('n2', OTHER_AGENT, 'Refund done'))
      .then([added('n2', OTHER_AGENT, 'Refund done')]);
  });

  it('refuses a blank note and one over 2000 characters, and one before the conversation exists', () => {
    given(assignedConversation())
      .when(note('n1', AGENT, ' \n '))
      .thenThrows('invalid_note');
    given(assignedConversation())
      .when(note('n1', AGENT, 'x'.repeat(2001)))
      .thenThrows('invalid_note');
    given([]).when(note()).thenThrows('conversation_not_found');
  });
});
