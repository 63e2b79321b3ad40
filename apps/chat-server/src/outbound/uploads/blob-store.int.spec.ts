import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobStore } from './blob-store';

describe('BlobStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pagedesk-blobs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given some bytes, when put twice, then they are kept once under their sha256, owner-only, and read back', async () => {
    const store = new BlobStore(dir);
    const bytes = Buffer.from('%PDF-1.4 receipt');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(await store.put(bytes)).toBe(sha256);
    expect(await store.put(bytes)).toBe(sha256);
    expect(readdirSync(join(dir, sha256.slice(0, 2)))).toEqual([sha256]);
    expect(statSync(join(dir, sha256.slice(0, 2), sha256)).mode & 0o777).toBe(0o600);
    expect(await store.get(sha256)).toEqual(bytes);
  });

  it('given a name that is not a stored sha256, when read, then there is nothing (never a path outside the store)', async () => {
    const store = new BlobStore(dir);
    expect(await store.get('0'.repeat(64))).toBeNull();
    expect(await store.get('../../etc/passwd')).toBeNull();
  });
});
