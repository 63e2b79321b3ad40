import { toPositional } from './positional-params';

describe('toPositional', () => {
  it('numbers the placeholders left to right', () => {
    expect(toPositional('SELECT a FROM t WHERE b = ? AND c IN (?, ?)')).toEqual({
      text: 'SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)',
      count: 3,
    });
  });

  it('leaves SQL without placeholders as it is', () => {
    expect(toPositional('SELECT 1')).toEqual({ text: 'SELECT 1', count: 0 });
  });

  it.each([
    ['a string', "SELECT 'why?' , ?", "SELECT 'why?' , $1"],
    ['a doubled quote inside a string', "SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1"],
    ['an empty string', "SELECT '', ?", "SELECT '', $1"],
    [
      'a quoted identifier',
      'SELECT "odd?name" FROM t WHERE x = ?',
      'SELECT "odd?name" FROM t WHERE x = $1',
    ],
    ['a doubled quote in an identifier', 'SELECT "a""?" , ?', 'SELECT "a""?" , $1'],
    ['a line comment', 'SELECT 1 -- really?\n, ?', 'SELECT 1 -- really?\n, $1'],
    ['a line comment at the end', 'SELECT ? -- ok?', 'SELECT $1 -- ok?'],
    ['a block comment', 'SELECT /* a? */ ?', 'SELECT /* a? */ $1'],
    ['a nested block comment', 'SELECT /* a /* b? */ c? */ ?', 'SELECT /* a /* b? */ c? */ $1'],
  ])('skips %s', (_label, sql, text) => {
    expect(toPositional(sql)).toEqual({ text, count: 1 });
  });

  it('takes a single dash, slash or star as plain SQL', () => {
    expect(toPositional('SELECT ? - 1, ? / 2, ? * 3')).toEqual({
      text: 'SELECT $1 - 1, $2 / 2, $3 * 3',
      count: 3,
    });
  });

  it('treats unterminated quoted text as running to the end (the server then rejects it)', () => {
    expect(toPositional("SELECT ?, 'open ?")).toEqual({ text: "SELECT $1, 'open ?", count: 1 });
    expect(toPositional('SELECT ? /* open ?')).toEqual({ text: 'SELECT $1 /* open ?', count: 1 });
  });
});
