import { randomBytes } from 'node:crypto';
import { createEventStore, loadEventStoreConfig } from '@pagedesk/event-store';
import { InvalidConfigError, validateEnv } from '../config/env';
import {
  DEMO_APP_ID,
  DEMO_PAGE_ID,
  DEMO_PAGE_NAME,
  DEMO_QUEUE,
  DEMO_TENANT,
  SIMULATED_GRAPH_PATH,
} from './demo-identity';

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Decides, before the app is built, whether `npm start` runs the demo, and
 * if so returns the environment that makes it one: the demo page in
 * MESSENGER_CONFIG (with a fresh app secret and token for this run) and the
 * Graph API pointed at the server's own simulator. Any real page — in
 * MESSENGER_CONFIG(_FILE) or connected through the API — keeps the demo off,
 * as does DEMO=0; DEMO=1 insists, and fails loudly when it cannot.
 */
export async function withDemoMode(env: Environment): Promise<Environment> {
  // A bad variable is reported as usual (one line) before the demo check opens the store with it.
  validateEnv(env);
  if (env.DEMO === '0') return env;
  const insist = env.DEMO === '1';
  const refusal = await reasonAgainstDemo(env);
  if (refusal === undefined) return demoEnvironment(env);
  if (insist) throw new InvalidConfigError(`Invalid configuration: DEMO=1 but ${refusal}`);
  return { ...env, DEMO: '0' };
}

async function reasonAgainstDemo(env: Environment): Promise<string | undefined> {
  if (env.MESSENGER_CONFIG || env.MESSENGER_CONFIG_FILE) return 'MESSENGER_CONFIG is set';
  // The simulator is reached through the server's own port, which must be known before it listens.
  if (Number(env.PORT ?? 3000) === 0) return 'PORT is 0 (the demo needs a fixed port)';
  if (await hasConnectedPages(env)) return 'pages are connected through the API';
  return undefined;
}

/** Scans the log for a page stream other than the demo page's (which only ever holds token verdicts). */
async function hasConnectedPages(env: Environment): Promise<boolean> {
  const store = await createEventStore(loadEventStoreConfig(env));
  try {
    for (let after: number | undefined; ;) {
      const page = await store.readAll({ after, maxCount: 1000, filter: { categories: ['page'] } });
      if (page.length === 0) return false;
      const real = page.some((e) => e.streamName !== `page-${DEMO_PAGE_ID}`);
      if (real) return true;
      after = page[page.length - 1].globalPosition;
    }
  } finally {
    await store.close();
  }
}

function demoEnvironment(env: Environment): Environment {
  const port = Number(env.PORT ?? 3000);
  const host = !env.HOST || env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const config = {
    apps: [
      {
        id: DEMO_APP_ID,
        secret: randomBytes(24).toString('hex'),
        verifyToken: randomBytes(16).toString('hex'),
      },
    ],
    pages: [
      {
        pageId: DEMO_PAGE_ID,
        tenantId: DEMO_TENANT,
        appId: DEMO_APP_ID,
        accessToken: `demo-page-token-${randomBytes(16).toString('hex')}`,
        name: DEMO_PAGE_NAME,
        queueId: DEMO_QUEUE,
        openingMessage:
          'Hi! Thanks for writing to the Pagedesk Demo Shop. An agent will be with you shortly.',
        closingMessage: 'Thanks for chatting with us. Have a good day!',
        csatQuestion: 'How happy are you with our help today? (1 = not at all, 5 = very)',
        csatScale: 'five_point',
      },
    ],
  };
  return {
    ...env,
    DEMO: '1',
    MESSENGER_CONFIG: JSON.stringify(config),
    MESSENGER_GRAPH_API_URL: `${origin}${SIMULATED_GRAPH_PATH}`,
  };
}
