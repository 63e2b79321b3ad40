import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const SHA256 = /^[0-9a-f]{64}$/;

/** A blob's name: the sha256 of its bytes, known before anything is written. */
export const blobName = (bytes: Uint8Array): string =>
  createHash('sha256').update(bytes).digest('hex');

/**
 * Agents' uploaded files, content-addressed: a file's name is the sha256 of its bytes, so the
 * same file uploaded twice is stored once and a reference in an event can never point at other
 * bytes. A blob is written to a temporary name, flushed to disk and then renamed, so once `put`
 * returns it survives a crash, and a half-written file is never seen under a real name.
 */
export class BlobStore {
  constructor(private readonly dir: string) {}

  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = blobName(bytes);
    const path = this.pathOf(sha256);
    // Written again: the retention sweep counts from now (a message with these bytes is coming).
    if (await exists(path)) {
      const now = new Date();
      await utimes(path, now, now);
      return sha256;
    }
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomUUID()}.tmp`;
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    try {
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    await syncDirectory(dirname(path));
    return sha256;
  }

  /** The bytes of a blob, or null when there is none by that name. */
  async get(sha256: string): Promise<Buffer | null> {
    if (!SHA256.test(sha256)) return null;
    try {
      return await readFile(this.pathOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** When the blob was last written (put), or null when there is none. */
  async writtenAt(sha256: string): Promise<number | null> {
    if (!SHA256.test(sha256)) return null;
    try {
      return (await stat(this.pathOf(sha256))).mtimeMs;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** Deleted for good (the retention sweep decided); a blob already gone is no error. */
  async delete(sha256: string): Promise<void> {
    if (SHA256.test(sha256)) await rm(this.pathOf(sha256), { force: true });
  }

  /** Two hex digits of fan-out keep any one directory small. */
  private pathOf(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** The rename itself is durable only once the directory entry is on disk. */
async function syncDirectory(path: string): Promise<void> {
  const directory = await open(path, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
