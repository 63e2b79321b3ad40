import { COMPOUND_FILE } from './media-signature';
import {
  MESSENGER_MAX_UPLOAD_BYTES,
  judgeUpload,
  judgeUploadContent,
  judgeUploadHead,
} from './uploads';

const MB = 1024 * 1024;

describe('judgeUpload', () => {
  it('given an image, a video, an audio clip and a PDF, when judged, then each gets its Messenger type', () => {
    expect(judgeUpload({ mimeType: 'image/png', size: 10 }, MB)).toEqual({
      ok: true,
      type: 'image',
    });
    expect(judgeUpload({ mimeType: 'video/mp4', size: 10 }, MB)).toEqual({
      ok: true,
      type: 'video',
    });
    expect(judgeUpload({ mimeType: 'audio/mpeg', size: 10 }, MB)).toEqual({
      ok: true,
      type: 'audio',
    });
    expect(judgeUpload({ mimeType: 'Application/PDF; name=x', size: 10 }, MB)).toEqual({
      ok: true,
      type: 'file',
    });
  });

  it('given an executable or no type at all, when judged, then it is invalid and says what can be sent', () => {
    const exe = judgeUpload({ mimeType: 'application/x-msdownload', size: 10 }, MB);
    expect(exe).toMatchObject({ ok: false, code: 'invalid' });
    expect(exe.ok || exe.message).toContain('application/x-msdownload cannot be sent');
    expect(judgeUpload({ mimeType: '', size: 10 }, MB)).toMatchObject({ code: 'invalid' });
    expect(judgeUpload({ mimeType: 'image/svg+xml', size: 10 }, MB)).toMatchObject({
      code: 'invalid',
    });
  });

  it('given a file over the limit, when judged, then it is too_large with both sizes; at the limit it passes', () => {
    const over = judgeUpload({ mimeType: 'image/jpeg', size: 3 * MB }, 2 * MB);
    expect(over).toEqual({
      ok: false,
      code: 'too_large',
      message: 'the file is 3.0 MB; at most 2.0 MB can be sent',
    });
    expect(judgeUpload({ mimeType: 'image/jpeg', size: 2 * MB + 1 }, 2 * MB)).toMatchObject({
      code: 'too_large',
    });
    expect(judgeUpload({ mimeType: 'image/jpeg', size: 300 * 1024 }, 200 * 1024)).toMatchObject({
      message: 'the file is 300.0 KB; at most 200.0 KB can be sent',
    });
    expect(judgeUpload({ mimeType: 'image/jpeg', size: 2 * MB }, 2 * MB)).toMatchObject({
      ok: true,
    });
    expect(MESSENGER_MAX_UPLOAD_BYTES).toBe(25 * MB);
  });

  it('given an empty file, when judged, then it is invalid', () => {
    expect(judgeUpload({ mimeType: 'text/plain', size: 0 }, MB)).toMatchObject({ code: 'invalid' });
  });
});

describe('judgeUploadContent', () => {
  it('given bytes that are what was declared, when judged, then they are sent as that type', () => {
    expect(judgeUploadContent('image/PNG', 'image/png')).toEqual({
      ok: true,
      type: 'image',
      mimeType: 'image/png',
    });
    expect(judgeUploadContent('audio/mp4', 'video/mp4')).toEqual({
      ok: true,
      type: 'audio',
      mimeType: 'audio/mp4',
    });
  });

  it('given a Word, an Excel or a CSV file, when judged by its container, then the declared document type is kept', () => {
    const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    expect(judgeUploadContent(docx, 'application/zip')).toMatchObject({ mimeType: docx });
    expect(judgeUploadContent('application/msword', COMPOUND_FILE)).toMatchObject({
      type: 'file',
      mimeType: 'application/msword',
    });
    expect(judgeUploadContent('text/csv', 'text/plain')).toMatchObject({ mimeType: 'text/csv' });
  });

  it('given a declared image whose bytes are a PDF, when judged, then it is invalid and says what it really is', () => {
    expect(judgeUploadContent('image/png', 'application/pdf')).toEqual({
      ok: false,
      code: 'invalid',
      message: 'the file says it is image/png but its contents are a document (application/pdf)',
    });
    expect(judgeUploadContent('video/mp4', 'image/jpeg')).toMatchObject({ code: 'invalid' });
    expect(judgeUploadContent('audio/mpeg', 'text/plain')).toMatchObject({ code: 'invalid' });
  });

  it('given a declared document whose bytes are an image, when judged, then the Messenger type follows the bytes', () => {
    expect(judgeUploadContent('application/pdf', 'image/jpeg')).toEqual({
      ok: true,
      type: 'image',
      mimeType: 'image/jpeg',
    });
  });

  it('given bytes of no known kind, or of a kind that cannot be sent, when judged, then it is invalid', () => {
    expect(judgeUploadContent('application/pdf', null)).toMatchObject({
      ok: false,
      code: 'invalid',
      message: expect.stringContaining('not an image, video, audio clip or document'),
    });
    expect(judgeUploadContent('image/png', 'image/webp')).toMatchObject({
      ok: false,
      message: expect.stringContaining('image/webp, which cannot be sent'),
    });
    expect(judgeUploadContent('text/plain', 'video/webm')).toMatchObject({ code: 'invalid' });
  });
});

describe("judgeUploadHead (the desk, on a file's first bytes)", () => {
  const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
  const head = (mimeType: string, start: Buffer, size = 10 * 1024) => ({
    mimeType,
    size,
    head: start,
  });

  it("given a .png whose first bytes are a PDF, when judged, then it is refused with the server's words", () => {
    expect(judgeUploadHead(head('image/png', Buffer.from('%PDF-1.4\n1 0 obj')), MB)).toEqual(
      judgeUploadContent('image/png', 'application/pdf'),
    );
  });

  it('given a PNG declared as PNG, or a PDF declared as a document, when judged, then it passes as its type', () => {
    expect(judgeUploadHead(head('image/png', PNG_HEAD), MB)).toEqual({ ok: true, type: 'image' });
    expect(judgeUploadHead(head('application/pdf', PNG_HEAD), MB)).toEqual({
      ok: true,
      type: 'image',
    });
  });

  it('given a declared type or size the server refuses, when judged, then that refusal comes first', () => {
    expect(judgeUploadHead(head('image/png', PNG_HEAD, 2 * MB), MB)).toMatchObject({
      code: 'too_large',
    });
    expect(judgeUploadHead(head('application/x-msdownload', PNG_HEAD), MB)).toMatchObject({
      code: 'invalid',
    });
  });

  it('given text whose 16th byte cuts a character in two, when judged by its start, then it is still text', () => {
    const text = Buffer.from('fifteen bytes..€ and more');
    expect(judgeUploadHead(head('text/plain', text.subarray(0, 16), text.length), MB)).toEqual({
      ok: true,
      type: 'file',
    });
    // The whole file that ends there is judged as the server would: half a character is not text.
    expect(judgeUploadHead(head('text/plain', text.subarray(0, 16), 16), MB)).toMatchObject({
      code: 'invalid',
    });
  });
});
