import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * AES-256-GCM for secrets at rest (page tokens, app secrets). Each value gets
 * a fresh 96-bit IV; the additional data binds a ciphertext to where it
 * belongs (e.g. `page:123:accessToken`), so one cannot be moved to another
 * page or field. Stored as `v1.<iv>.<tag>.<ciphertext>` in base64url.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('secret key must be 32 bytes');
    this.key = key;
  }

  static fromBase64(text: string): SecretBox {
    return new SecretBox(Buffer.from(text, 'base64'));
  }

  /** The key, for handing the same one to this process's processing worker (never logged or stored). */
  keyBase64(): string {
    return this.key.toString('base64');
  }

  seal(plaintext: string, binding: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(binding));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** Throws when the value was sealed with another key, for another binding, or tampered with. */
  open(sealed: string, binding: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined)
      throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(binding));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(body, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }

  /** A keyed fingerprint: tells whether a secret changed without storing anything that reveals it. */
  fingerprint(secret: string): string {
    return createHmac('sha256', this.key).update(secret).digest('base64url').slice(0, 22);
  }
}

/** What an API shows of a secret: that it is set, and its last four characters. */
export function maskSecret(secret: string | null | undefined): string | null {
  if (!secret) return null;
  return secret.length <= 8 ? '••••' : `••••${secret.slice(-4)}`;
}
