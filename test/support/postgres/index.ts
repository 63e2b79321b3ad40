import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { onDatabase, withClient } from './client';

/** A PostgreSQL server for one test suite (or benchmark): fresh databases on demand. */
export interface TestPostgres {
  /** Creates an empty database and returns its postgres:// URL. */
  createDatabase(): Promise<string>;
  /** Drops the databases it created; stops the server if it started one. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;

/**
 * POSTGRES_TEST_URL (a role allowed to CREATE DATABASE) points the tests at
 * an external server; otherwise an embedded PostgreSQL is started on a free
 * loopback port (see embedded-server.child.ts). `durable` keeps fsync on,
 * for benchmarks.
 */
export async function startTestPostgres(
  options: { durable?: boolean } = {},
): Promise<TestPostgres> {
  const external = process.env.POSTGRES_TEST_URL?.trim();
  if (external) return onServer(external, async () => undefined);
  const password = randomBytes(12).toString('hex');
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      const child = await startEmbedded(port, password, options.durable ?? false);
      return onServer(`postgres://postgres:${password}@127.0.0.1:${port}/postgres`, () =>
        stopChild(child),
      );
    } catch (error) {
      // Another process may have taken the port between our probe and the server's bind.
      if (attempt >= 3) throw error;
    }
  }
}

function onServer(adminUrl: string, stopServer: () => Promise<void>): TestPostgres {
  const created: string[] = [];
  const admin = <T>(work: (client: Client) => Promise<T>): Promise<T> => withClient(adminUrl, work);
  return {
    async createDatabase() {
      const name = `pagedesk_test_${randomBytes(6).toString('hex')}`;
      await admin((client) => client.query(`CREATE DATABASE ${name}`));
      created.push(name);
      return onDatabase(adminUrl, name);
    },
    async stop() {
      if (created.length > 0) {
        await admin(async (client) => {
          for (const name of created.splice(0))
            await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        }).catch(() => undefined);
      }
      await stopServer();
    },
  };
}

/** A loopback port nothing listens on (the moment it is returned). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

function startEmbedded(port: number, password: string, durable: boolean): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'embedded-server.child.ts')],
    {
      env: {
        ...process.env,
        PAGEDESK_PG_PORT: String(port),
        PAGEDESK_PG_PASSWORD: password,
        PAGEDESK_PG_DURABLE: durable ? '1' : '0',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`embedded PostgreSQL did not start within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes('ready')) return;
      clearTimeout(timer);
      resolve(child);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`embedded PostgreSQL exited (${code}) before it was ready: ${stderr}`));
    });
  });
}

/** Closing its stdin makes the child stop the server and remove its files. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.stdin!.end();
  });
}
