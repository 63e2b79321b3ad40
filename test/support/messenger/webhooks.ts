import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURE_DIR = join(__dirname, '../../fixtures/messenger/webhooks');
export const APP_ID = '1517776481860111';
export const APP_SECRET = 'test-app-secret-0123456789';
export const VERIFY_TOKEN = 'verify-token-for-tests';
export const PAGE_ID = '102938475610293';
export const SECOND_PAGE_ID = '118273645501928';
export const PSID = '7392015648120394';

/** A MESSENGER_CONFIG for the fixtures' page ids, in two tenants. */
export const messengerConfig = (overrides: { pages?: object[] } = {}) =>
  JSON.stringify({
    apps: [{ id: APP_ID, secret: APP_SECRET, verifyToken: VERIFY_TOKEN }],
    pages: overrides.pages ?? [
      {
        pageId: PAGE_ID,
        tenantId: 'acme',
        appId: APP_ID,
        accessToken: 'page-token-acme',
        name: 'Acme Outdoor Gear',
      },
      {
        pageId: SECOND_PAGE_ID,
        tenantId: 'globex',
        appId: APP_ID,
        accessToken: 'page-token-globex',
      },
    ],
  });

/** The fixture's bytes exactly as Facebook would send them. */
export const fixture = (name: string): Buffer => readFileSync(join(FIXTURE_DIR, `${name}.json`));

export const fixtureNames = (): string[] =>
  readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''));

export const sign = (body: Buffer | string, secret = APP_SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

export function postWebhook(
  baseUrl: string,
  body: Buffer | string,
  signature: string | null = sign(body),
) {
  return fetch(`${baseUrl}/webhooks/messenger`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature ? { 'x-hub-signature-256': signature } : {}),
    },
    body,
  });
}

/** A delivery shaped like Facebook's, for tests that need many distinct messages. */
export function textDelivery(
  pageId: string,
  psid: string,
  mid: string,
  text: string,
  timestamp: number,
): string {
  return JSON.stringify({
    object: 'page',
    entry: [
      {
        id: pageId,
        time: timestamp,
        messaging: [
          { sender: { id: psid }, recipient: { id: pageId }, timestamp, message: { mid, text } },
        ],
      },
    ],
  });
}
