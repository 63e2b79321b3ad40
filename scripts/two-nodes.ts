/**
 * Two chat-server nodes on one embedded PostgreSQL, to watch failover on a
 * laptop (docs/postgres.md, "Several nodes"): `npm run start:two-nodes`.
 * Node 1 listens on :3001, node 2 on :3002 (TWO_NODES_PORT moves them). Both
 * share one JWT_SECRET and SECRETS_KEY, as every node of a deployment must.
 * SIGKILL the node whose /ready shows `routing-lease` running (its pid is
 * printed) and watch the other take it. Ctrl-C stops everything and removes
 * the temporary data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestPostgres } from '../test/support/postgres';

const MAIN = join(__dirname, '../apps/chat-server/src/main.ts');
const FIRST_PORT = Number(process.env.TWO_NODES_PORT ?? 3001);
const ADMIN = { email: 'admin@acme.test', password: 'two nodes admin passphrase' };

async function main(): Promise<void> {
  const postgres = await startTestPostgres();
  const databaseUrl = await postgres.createDatabase();
  const root = mkdtempSync(join(tmpdir(), 'pagedesk-two-nodes-'));
  const shared = {
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(32).toString('base64'),
    SECRETS_KEY: randomBytes(32).toString('base64'),
    BOOTSTRAP_TENANT: 'acme',
    BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    HOST: '127.0.0.1',
  };
  const children: ChildProcess[] = [];
  const stop = async () => {
    // The nodes first: a node whose database vanished under it only logs retries.
    await Promise.all(children.map(exited));
    await postgres.stop();
    rmSync(root, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  // One after the other: the first creates the admin, the second finds it.
  for (const n of [1, 2]) {
    const port = FIRST_PORT + n - 1;
    const child = spawn(process.execPath, ['-r', '@swc-node/register', MAIN], {
      env: { ...process.env, ...shared, PORT: String(port), DATA_DIR: join(root, `node${n}`) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    await listening(child, `node ${n}`);
    process.stdout.write(`node ${n}: http://127.0.0.1:${port} (pid ${child.pid})\n`);
  }
  process.stdout.write(
    `admin: ${ADMIN.email} / ${ADMIN.password}\n` +
      `PostgreSQL: ${new URL(databaseUrl).host}\n` +
      "Which node routes: curl -s http://127.0.0.1:3001/ready | grep -o '\"routing-lease[^}]*'\n" +
      'Failover: kill -9 <pid of that node>; the other takes the lease within about a second.\n',
  );
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function listening(child: ChildProcess, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      process.stdout.write(`[${name}] ${chunk.toString()}`);
      if (chunk.toString().includes('listening on')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${name} exited (${code})`)));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
