import { signingSecret } from './signature';
import { TEST_APP_SECRET, rawWebhook, sign, webhookFixtureNames } from './testing/fixtures';

const verifySignature = (raw: Buffer, header: string | undefined, secrets: string[]) =>
  signingSecret(raw, header, secrets) !== undefined;

describe('signingSecret', () => {
  it.each(webhookFixtureNames())('accepts %s signed over its raw bytes', (name) => {
    const body = rawWebhook(name);
    expect(verifySignature(body, sign(body), [TEST_APP_SECRET])).toBe(true);
  });

  it.each(webhookFixtureNames())('rejects %s signed with another secret', (name) => {
    const body = rawWebhook(name);
    expect(verifySignature(body, sign(body, 'someone-else'), [TEST_APP_SECRET])).toBe(false);
  });

  it('fails for re-serialised JSON and passes for the raw bytes (text-unicode.json)', () => {
    const raw = rawWebhook('text-unicode.json');
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))));
    expect(reserialised.equals(raw)).toBe(false);
    expect(verifySignature(reserialised, sign(raw), [TEST_APP_SECRET])).toBe(false);
    expect(verifySignature(raw, sign(raw), [TEST_APP_SECRET])).toBe(true);
  });

  it('rejects a body changed by a single byte', () => {
    const raw = rawWebhook('text.json');
    const tampered = Buffer.from(raw.toString('utf8').replace('size M', 'size L'));
    expect(verifySignature(tampered, sign(raw), [TEST_APP_SECRET])).toBe(false);
  });

  it('tries every configured app secret', () => {
    const raw = rawWebhook('text.json');
    expect(signingSecret(raw, sign(raw, 'second-app'), ['first-app', 'second-app'])).toBe(
      'second-app',
    );
    expect(verifySignature(raw, sign(raw, 'second-app'), [])).toBe(false);
  });

  it('rejects missing, malformed, truncated and SHA-1 headers', () => {
    const raw = rawWebhook('text.json');
    const good = sign(raw);
    for (const header of [
      undefined,
      '',
      good.slice(7),
      good.slice(0, -2),
      `sha1=${good.slice(7, 47)}`,
      `${good}00`,
      'sha256=zz',
    ]) {
      expect(verifySignature(raw, header, [TEST_APP_SECRET])).toBe(false);
    }
  });

  it('accepts upper-case hex but never an empty secret, which would make signatures forgeable', () => {
    const raw = rawWebhook('text.json');
    expect(
      verifySignature(raw, `sha256=${sign(raw).slice(7).toUpperCase()}`, [TEST_APP_SECRET]),
    ).toBe(true);
    expect(verifySignature(raw, sign(raw, ''), [''])).toBe(false);
  });
});
