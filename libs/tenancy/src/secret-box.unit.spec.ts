import { randomBytes } from 'node:crypto';
import { maskSecret, SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('seals with AES-256-GCM under a fresh IV and opens only with the same key and binding', () => {
    const a = box.seal('EAAG-page-token', 'page:1:accessToken');
    const b = box.seal('EAAG-page-token', 'page:1:accessToken');
    expect(a).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('EAAG');
    expect(box.open(a, 'page:1:accessToken')).toBe('EAAG-page-token');
    expect(() => box.open(a, 'page:2:accessToken')).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(a, 'page:1:accessToken')).toThrow();
    const [v, iv, tag, body] = a.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0]! ^= 1;
    expect(() =>
      box.open([v, iv, tag, flipped.toString('base64url')].join('.'), 'page:1:accessToken'),
    ).toThrow();
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow('32 bytes');
  });

  it('fingerprints without revealing, and masks to the last four characters', () => {
    expect(box.fingerprint('abc')).toBe(box.fingerprint('abc'));
    expect(box.fingerprint('abc')).not.toBe(box.fingerprint('abd'));
    expect(maskSecret('EAAG-page-token-1234')).toBe('••••1234');
    expect(maskSecret('short')).toBe('••••');
    expect(maskSecret(null)).toBeNull();
  });
});
