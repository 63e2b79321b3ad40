import type { UploadedFile } from '@pagedesk/conversation';
import { contentDisposition, servedBlob } from './served-blob';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const upload = (over: Partial<UploadedFile>): UploadedFile => ({
  type: 'image',
  blob: 'b'.repeat(64),
  name: 'photo.png',
  mimeType: 'image/png',
  size: PNG.length,
  ...over,
});

describe('servedBlob', () => {
  it('given an image, when served, then it is shown inline as its own type', () => {
    expect(servedBlob(upload({}), PNG)).toEqual({
      contentType: 'image/png',
      contentDisposition: `inline; filename="photo.png"; filename*=UTF-8''photo.png`,
    });
  });

  it('given a document, when served, then it is downloaded, never shown inline', () => {
    const pdf = upload({ type: 'file', name: 'invoice.pdf', mimeType: 'application/pdf' });
    expect(servedBlob(pdf, Buffer.from('%PDF-1.4'))).toEqual({
      contentType: 'application/pdf',
      contentDisposition: `attachment; filename="invoice.pdf"; filename*=UTF-8''invoice.pdf`,
    });
  });

  it('given a record older than sniffing whose bytes are not what it says, when served, then it is an opaque download', () => {
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    expect(servedBlob(upload({}), html)).toEqual({
      contentType: 'application/octet-stream',
      contentDisposition: expect.stringMatching(/^attachment;/),
    });
  });
});

describe('contentDisposition', () => {
  it('given a name with quotes, a backslash, a line break and non-ASCII, when escaped, then the header cannot be broken and keeps the name', () => {
    expect(contentDisposition(false, 'a"b\\c\r\nd é(1).pdf')).toBe(
      `attachment; filename="a_b_c__d _(1).pdf"; filename*=UTF-8''a%22b%5Cc%0D%0Ad%20%C3%A9%281%29.pdf`,
    );
  });
});
