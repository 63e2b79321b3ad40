import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** A process the check started: stopped (SIGTERM, then SIGKILL) by its own pid only. */
export interface Started {
  readonly name: string;
  readonly child: ChildProcess;
  /** The tail of its log file, shown when the check fails. */
  log(): string;
  stop(): Promise<void>;
}

/** The nginx or PgBouncer to run: NGINX_BIN / PGBOUNCER_BIN, else the first on PATH. */
export function requireBinary(name: 'nginx' | 'pgbouncer'): string {
  // NGINX_BIN / PGBOUNCER_BIN name another build; set, it is the only one looked at.
  const chosen = process.env[`${name.toUpperCase()}_BIN`];
  const dirs = (process.env.PATH ?? '').split(':');
  const candidates = chosen ? [chosen] : dirs.filter(Boolean).map((dir) => join(dir, name));
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found) return found;
  throw new Error(
    `${name} not found (${chosen ? chosen : 'on PATH; Debian puts it in sbin'}): the deployment check needs a real ${name} ` +
      `(Debian: apt-get install -y ${name}; docs/deploy.md). Nothing was checked.`,
  );
}

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

const scratchDirs: string[] = [];

/** A scratch directory under the temp dir; anyone may write it (nginx workers and PgBouncer drop root). */
export function scratch(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `pagedesk-deploy-check-${name}-`));
  chmodSync(dir, 0o777);
  scratchDirs.push(dir);
  return dir;
}

/** Removes every scratch directory, once the processes using them have stopped. */
export function removeScratch(): void {
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

function launch(name: string, command: string, args: string[], logfile: string): Started {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    if (code && !stopping) process.stderr.write(`${name} exited (${code ?? signal}):\n${output}\n`);
  });
  let stopping = false;
  return {
    name,
    child,
    log: () => (existsSync(logfile) ? readFileSync(logfile, 'utf8').slice(-3000) : ''),
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves once something accepts TCP connections on the port; rejects when the process exits first. */
async function accepting(started: Started, port: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (started.child.exitCode !== null)
      throw new Error(`${started.name} exited (${started.child.exitCode}):\n${started.log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline)
      throw new Error(`${started.name} not listening on ${port}:\n${started.log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * PgBouncer in transaction mode in front of `direct` (any database name is
 * passed through, auth from a userlist with the same user and password).
 * PgBouncer refuses to run as root, so as root it runs as `postgres` (the
 * user the embedded PostgreSQL already runs as).
 */
export async function startPgBouncer(
  direct: string,
): Promise<{ url: string; process: Started; logfile: string }> {
  const binary = requireBinary('pgbouncer');
  const target = new URL(direct);
  const user = decodeURIComponent(target.username);
  const password = decodeURIComponent(target.password);
  const dir = scratch('pgbouncer');
  const port = await freePort();
  const logfile = join(dir, 'pgbouncer.log');
  writeFileSync(join(dir, 'userlist.txt'), `"${user}" "${password}"\n`, { mode: 0o600 });
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${target.hostname} port=${target.port}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'pool_mode = transaction',
      'auth_type = scram-sha-256',
      `auth_file = ${join(dir, 'userlist.txt')}`,
      `logfile = ${logfile}`,
      'max_client_conn = 1000',
      'default_pool_size = 40',
      '',
    ].join('\n'),
  );
  const args = [join(dir, 'pgbouncer.ini')];
  if (userInfo().uid === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    for (const file of ['', 'pgbouncer.ini', 'userlist.txt']) chownSync(join(dir, file), uid, gid);
    args.unshift('-u', 'postgres');
  }
  const started = launch('pgbouncer', binary, args, logfile);
  await accepting(started, port);
  const url = new URL(direct);
  url.port = String(port);
  return { url: url.toString(), process: started, logfile };
}

/**
 * PgBouncer's log lines that explain a failed run: warnings, errors and every
 * connection it closed for a reason other than its client asking (a failing
 * contract otherwise shows only the client's timeout, not what the pooler saw).
 */
export function poolerTrouble(log: string): string[] {
  return log
    .split('\n')
    .filter((line) =>
      / (WARNING|ERROR|FATAL) |closing because: (?!client close request)/.test(line),
    );
}

/** nginx in the foreground with `serverConf` (the generated server block) inside a minimal http block. */
export async function startNginx(serverConf: string, port: number): Promise<Started> {
  const binary = requireBinary('nginx');
  const dir = scratch('nginx');
  writeFileSync(join(dir, 'server.conf'), serverConf);
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')} warn;`,
      'events { worker_connections 1024; }',
      'http {',
      `  access_log ${join(dir, 'access.log')};`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
        (t) => `  ${t}_temp_path ${join(dir, t)};`,
      ),
      `  include ${join(dir, 'server.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  const args = ['-p', dir, '-c', join(dir, 'nginx.conf')];
  execFileSync(binary, [...args, '-t'], { stdio: 'pipe' });
  const started = launch('nginx', binary, args, join(dir, 'error.log'));
  await accepting(started, port);
  return started;
}
