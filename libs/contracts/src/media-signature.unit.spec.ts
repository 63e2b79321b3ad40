import { COMPOUND_FILE, sniffMediaType } from './media-signature';

/** A file's first bytes, then filler: the signature is all that is read. */
const bytes = (...parts: (string | readonly number[])[]): Uint8Array =>
  Buffer.concat([
    ...parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
    Buffer.alloc(16, 0),
  ]);
const ftyp = (brand: string) => bytes([0, 0, 0, 0x18], 'ftyp', brand);

describe('sniffMediaType', () => {
  it.each([
    ['image/png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ['image/jpeg', bytes([0xff, 0xd8, 0xff, 0xe0])],
    ['image/gif', bytes('GIF89a')],
    ['image/gif', bytes('GIF87a')],
    ['image/webp', bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 ')],
    ['video/mp4', ftyp('isom')],
    ['video/quicktime', ftyp('qt  ')],
    ['audio/mp4', ftyp('M4A ')],
    ['video/webm', bytes([0x1a, 0x45, 0xdf, 0xa3])],
    ['audio/mpeg', bytes('ID3', [4, 0])],
    ['audio/mpeg', bytes([0xff, 0xfb, 0x90])],
    ['audio/aac', bytes([0xff, 0xf1, 0x50])],
    ['audio/ogg', bytes('OggS', [0])],
    ['audio/wav', bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt ')],
    ['application/pdf', bytes('%PDF-1.7\n')],
    ['application/zip', bytes('PK', [3, 4], '[Content_Types].xml')],
    [COMPOUND_FILE, bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])],
  ])('given the signature of %s, when sniffed, then that is what the bytes are', (type, file) => {
    expect(sniffMediaType(file)).toBe(type);
  });

  it('given UTF-8 text with line breaks and tabs, when sniffed, then it is plain text', () => {
    expect(sniffMediaType(Buffer.from('name\tamount\r\nÅsa,12 €\n'))).toBe('text/plain');
    expect(sniffMediaType(Buffer.from('\ufeffwith a BOM'))).toBe('text/plain');
  });

  it('given an executable, a half UTF-8 character, control bytes or nothing, when sniffed, then it is unknown', () => {
    expect(sniffMediaType(bytes('MZ', [0x90, 0, 3]))).toBeNull();
    expect(sniffMediaType(Buffer.from([0x61, 0xc3]))).toBeNull();
    expect(sniffMediaType(Buffer.from('text\u0000with a NUL'))).toBeNull();
    expect(sniffMediaType(new Uint8Array(0))).toBeNull();
  });

  it('given only the start of a longer text, cut inside a character, when sniffed as a head, then it is text', () => {
    const start = Buffer.from('Åsa €').subarray(0, 6);
    expect(sniffMediaType(start)).toBeNull();
    expect(sniffMediaType(start, { head: true })).toBe('text/plain');
    expect(sniffMediaType(Buffer.from([0x61, 0xff, 0x61]), { head: true })).toBeNull();
  });

  it('given a signature cut short, when sniffed, then it does not match (never reads past the end)', () => {
    expect(sniffMediaType(Buffer.from([0x89, 0x50, 0x4e]))).toBeNull();
    expect(sniffMediaType(Buffer.from('RIFF'))).toBe('text/plain');
  });
});
