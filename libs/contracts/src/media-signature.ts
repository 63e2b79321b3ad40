/**
 * How many first bytes every signature below fits in: the desk reads only these of a chosen file
 * (`File.slice`), before any upload; the server judges the whole file.
 */
export const SIGNATURE_BYTES = 16;

/**
 * What a file really is, read from its first bytes (its signature, "magic number"), never from
 * the name or the media type a browser declared. Returns a media type, or null when the bytes
 * match no signature Pagedesk knows and are not plain text either. `head`: the bytes are only the
 * start of a longer file, so a UTF-8 character cut at their end is no reason to refuse it.
 */
export function sniffMediaType(
  bytes: Uint8Array,
  { head = false }: { readonly head?: boolean } = {},
): string | null {
  for (const [mimeType, matches] of SIGNATURES) if (matches(bytes)) return mimeType;
  return isPlainText(bytes, head) ? 'text/plain' : null;
}

/** Old Office documents (.doc, .xls) are OLE compound files; the container does not say which. */
export const COMPOUND_FILE = 'application/x-ole-storage';

type Signature = readonly [mimeType: string, matches: (bytes: Uint8Array) => boolean];

const SIGNATURES: readonly Signature[] = [
  ['image/png', (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ['image/jpeg', (b) => startsWith(b, [0xff, 0xd8, 0xff])],
  ['image/gif', (b) => ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a')],
  ['image/webp', (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')],
  ['audio/wav', (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE')],
  ['video/webm', (b) => startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])],
  ['video/quicktime', (b) => ascii(b, 4, 'ftyp') && ascii(b, 8, 'qt  ')],
  ['audio/mp4', (b) => ascii(b, 4, 'ftyp') && (ascii(b, 8, 'M4A ') || ascii(b, 8, 'M4B '))],
  ['video/mp4', (b) => ascii(b, 4, 'ftyp')],
  ['audio/mpeg', (b) => ascii(b, 0, 'ID3') || isMpegAudioFrame(b)],
  ['audio/aac', (b) => b.length >= 2 && b[0] === 0xff && (b[1]! & 0xf6) === 0xf0],
  ['audio/ogg', (b) => ascii(b, 0, 'OggS')],
  ['application/pdf', (b) => ascii(b, 0, '%PDF-')],
  ['application/zip', (b) => startsWith(b, [0x50, 0x4b, 0x03, 0x04])],
  [COMPOUND_FILE, (b) => startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])],
];

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0): boolean =>
  bytes.length >= at + prefix.length && prefix.every((byte, i) => bytes[at + i] === byte);

const ascii = (bytes: Uint8Array, at: number, text: string): boolean =>
  startsWith(
    bytes,
    [...text].map((c) => c.charCodeAt(0)),
    at,
  );

/** An MPEG audio frame header without ID3 tag: 11 sync bits, then a layer other than "reserved" (ADTS AAC). */
const isMpegAudioFrame = (b: Uint8Array): boolean =>
  b.length >= 2 && b[0] === 0xff && (b[1]! & 0xe0) === 0xe0 && (b[1]! & 0x06) !== 0;

/** UTF-8 (a BOM allowed) with no control characters but tab, line breaks and form feed. */
function isPlainText(bytes: Uint8Array, head: boolean): boolean {
  if (bytes.length === 0) return false;
  let text: string;
  try {
    // `stream` keeps an unfinished last character for more bytes instead of calling it invalid.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: head });
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}
