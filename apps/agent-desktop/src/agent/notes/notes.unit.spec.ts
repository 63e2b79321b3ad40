import type { NotePush } from '@pagedesk/contracts';
import { interleave } from './notes';

const note = (at: number, text: string): NotePush => ({
  conversationId: 'c',
  position: at,
  noteId: text,
  authorId: 'a',
  authorName: 'Ada',
  text,
  at,
});

describe('notes between messages', () => {
  it('puts each note after the messages written before it, and keeps both orders', () => {
    const lines = interleave(
      [{ at: 10 }, { at: 20 }, { at: 30 }],
      [note(5, 'first'), note(20, 'same time'), note(25, 'late'), note(40, 'last')],
    );
    expect(lines.map((l) => (l.kind === 'note' ? l.note.text : l.message.at))).toEqual([
      'first',
      10,
      20,
      'same time',
      'late',
      30,
      'last',
    ]);
  });
});
