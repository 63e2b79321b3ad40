import { createHmac } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

// The repository owns its fixtures: test/fixtures/messenger, four levels above this folder.
const FIXTURES = join(__dirname, '../../../../test/fixtures/messenger');
export const WEBHOOK_FIXTURES = join(FIXTURES, 'webhooks');
export const GRAPH_FIXTURES = join(FIXTURES, 'graph');

export const TEST_APP_SECRET = 'test-app-secret-0123456789abcdef';

export const webhookFixtureNames = (): string[] =>
  readdirSync(WEBHOOK_FIXTURES)
    .filter((name) => name.endsWith('.json'))
    .sort();

/** The bytes exactly as Facebook sent them. */
export const rawWebhook = (name: string): Buffer => readFileSync(join(WEBHOOK_FIXTURES, name));

export const graphJson = (name: string): unknown =>
  JSON.parse(readFileSync(join(GRAPH_FIXTURES, name), 'utf8'));

export const sign = (body: Buffer | string, secret = TEST_APP_SECRET): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
