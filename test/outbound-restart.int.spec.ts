import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FakeGraphServer,
  graphError,
  type GraphRequest,
} from './support/fake-graph/fake-graph-server';
import { messengerConfig } from './support/messenger/webhooks';
import { assignedConversation, sendAgentMessage, settleAll } from './support/outbound';
import { startTestApp } from './support/test-app';

const ROOT = join(__dirname, '..');
const CUSTOMERS = ['7392015648100001', '7392015648100002', '7392015648100003'];
const PER_CUSTOMER = 4;

const recipientOf = (r: GraphRequest) => (r.body as { recipient: { id: string } }).recipient.id;
const textOf = (r: GraphRequest) => (r.body as { message: { text: string } }).message.text;

/** The real server as production runs it, in its own process, so it can be SIGKILLed. */
function startChild(env: Record<string, string>): ChildProcess {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', join(ROOT, 'apps/chat-server/src/main.ts')],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  return child;
}

async function waitFor(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the outbox across a crash', () => {
  let graph: FakeGraphServer;
  let dataDir: string;

  beforeAll(async () => {
    graph = await FakeGraphServer.start();
    dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-outbox-kill-'));
  });
  afterAll(async () => {
    await graph.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers every message after a SIGKILL, in order, none twice', async () => {
    const env = {
      DATA_DIR: dataDir,
      MESSENGER_CONFIG: messengerConfig(),
      MESSENGER_GRAPH_API_URL: graph.url,
      OUTBOX_RETRY_BASE_MS: '20',
      OUTBOX_RETRY_MAX_MS: '100',
      OUTBOX_MAX_ATTEMPTS: '1000',
      LOG_LEVEL: 'silent',
    };
    // Facebook is down, then lets only each customer's first message through, then recovers.
    let phase: 'down' | 'first-only' | 'up' = 'down';
    const accepted: GraphRequest[] = [];
    graph.use((request) => {
      if (request.path !== '/me/messages') return undefined;
      const first = textOf(request).endsWith('#0');
      if (phase === 'down' || (phase === 'first-only' && !first)) {
        return { status: 500, body: graphError(2, 'Service temporarily unavailable') };
      }
      accepted.push(request);
      return undefined;
    });

    const before = await startTestApp(env);
    for (const psid of CUSTOMERS) {
      const id = await assignedConversation(before.app, before.url, psid);
      for (let n = 0; n < PER_CUSTOMER; n++) {
        await sendAgentMessage(before.app, id, { kind: 'text', text: `${psid} #${n}` });
      }
    }
    await before.close();
    expect(accepted).toHaveLength(0);

    phase = 'first-only';
    const child = startChild({ ...env, PORT: '0', HOST: '127.0.0.1' });
    const exited = new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // A try of "#1" means "#0" was confirmed and recorded: the lane moves on only after that.
    await waitFor(() =>
      CUSTOMERS.every((psid) =>
        graph.requests.some(
          (r) => r.path === '/me/messages' && recipientOf(r) === psid && textOf(r).endsWith('#1'),
        ),
      ),
    );
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(accepted).toHaveLength(CUSTOMERS.length);

    phase = 'up';
    const after = await startTestApp(env);
    try {
      await settleAll(after.app);
    } finally {
      await after.close();
    }
    for (const psid of CUSTOMERS) {
      expect(accepted.filter((r) => recipientOf(r) === psid).map(textOf)).toEqual(
        Array.from({ length: PER_CUSTOMER }, (_, n) => `${psid} #${n}`),
      );
    }
  });
});
