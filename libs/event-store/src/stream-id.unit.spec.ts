import { assertStreamName } from './validation';
import { streamIdPart } from './stream-id';

describe('streamIdPart', () => {
  it.each([
    '1234567890123456',
    '4242',
    'ref_abc-9',
    'a3f1c2d4-0000-4000-8000-000000000000',
    'ref:x.y',
  ])('keeps the normal id %s as it is (old data keeps its stream names)', (id) => {
    expect(streamIdPart(id)).toBe(id);
  });

  it.each([
    ['with a space', 'psid 123'],
    ['of 300 characters', '1'.repeat(300)],
    ['of 10,000 characters', 'x'.repeat(10_000)],
    ['in unicode', 'クライアント✓'],
    ['empty', ''],
    ['with a leading $', '$all'],
    ['with a tab and newline', 'a\tb\nc'],
    ['looking like a hash already', `~${'0'.repeat(64)}`],
  ])('makes a valid stream name of an id %s', (_label, id) => {
    const part = streamIdPart(id);
    expect(part).toMatch(/^~[0-9a-f]{64}$/);
    expect(() => assertStreamName(`customer-1.${part}`)).not.toThrow();
  });

  it('never gives two ids the same part', () => {
    const ids = [
      'a b',
      'a  b',
      'ab',
      '',
      ' ',
      '1'.repeat(300),
      '1'.repeat(301),
      `~${'0'.repeat(64)}`,
    ];
    const parts = ids.map(streamIdPart);
    expect(new Set(parts).size).toBe(ids.length);
  });

  it('is stable: the same id always gives the same part', () => {
    expect(streamIdPart('psid with spaces')).toBe(streamIdPart('psid with spaces'));
  });
});
