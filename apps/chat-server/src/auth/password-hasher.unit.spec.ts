import { PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('hashes with scrypt, a per-user salt and its parameters, and verifies', async () => {
    const a = await hasher.hash('correct horse battery');
    const b = await hasher.hash('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct');
    await expect(hasher.verify('correct horse battery', a)).resolves.toBe(true);
    await expect(hasher.verify('correct horse batterx', a)).resolves.toBe(false);
  });

  it('treats a malformed hash as a mismatch', async () => {
    await expect(hasher.verify('anything', 'plain-text')).resolves.toBe(false);
    await expect(hasher.verifyNobody('anything')).resolves.toBe(false);
  });
});
