import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/**
 * A server on the embedded store loads neither the EventStoreDB nor the
 * PostgreSQL client: each thread loads the whole server at every start, and
 * those two are about 200 of its modules (docs/memory.md, "What a restart reads").
 */
describe('start-up loads only the chosen store adapter', () => {
  it('requiring the server leaves pg, the EventStoreDB client and gRPC unloaded', () => {
    const script = `
      require('reflect-metadata');
      require('./apps/chat-server/src/bootstrap');
      const loaded = Object.keys(require.cache);
      const clients = loaded.filter((f) => /node_modules\\/(pg|pg-pool|@eventstore\\/db-client|@grpc\\/grpc-js)\\//.test(f));
      process.stdout.write(JSON.stringify({ modules: loaded.length, clients: clients.length }));
    `;
    const output = execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const { modules, clients } = JSON.parse(output) as { modules: number; clients: number };
    expect(modules).toBeGreaterThan(500);
    expect(clients).toBe(0);
  }, 120_000);
});

/**
 * The processing worker serves no HTTP and no sockets, and Nest instantiates
 * every controller its container is given: its container (ProcessorModule)
 * imports only the core modules, so its thread loads no route, gateway or
 * DTO file and none of the packages only those need (BENCHMARKS.md,
 * "session 9: start-up").
 */
describe("the processing worker's container loads no web code", () => {
  const WEB_FILE =
    /\/apps\/chat-server\/src\/.*(\.controller|\.gateway|\.dto|\/api-docs|-web\.module)\.ts$/;
  const WEB_PACKAGE =
    /node_modules\/(multer|prom-client|jsonwebtoken|socket\.io|@nestjs\/throttler)\//;
  const run = (script: string) => {
    const output = execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    return JSON.parse(output) as string[];
  };
  /** What a file loads in this thread. */
  const loads = (file: string) =>
    run(`
      require('reflect-metadata');
      require('${file}');
      process.stdout.write(JSON.stringify(Object.keys(require.cache)));
    `);
  /** What the worker's own script has loaded in its thread once it waits for `start` (its imports are synchronous). */
  const workerLoads = () =>
    run(`
      const { Worker } = require('node:worker_threads');
      const source = "require('./apps/chat-server/src/processing/processing-worker.main.ts');" +
        "require('node:worker_threads').parentPort.postMessage(Object.keys(require.cache));";
      const worker = new Worker(source, { eval: true, workerData: null });
      worker.once('message', (files) => {
        process.stdout.write(JSON.stringify(files));
        void worker.terminate();
      });
    `);

  it('the worker thread loads none of them, the server loads them all', () => {
    const worker = workerLoads();
    const server = loads('./apps/chat-server/src/app.module');
    const web = (files: string[]) => files.filter((f) => WEB_FILE.test(f) || WEB_PACKAGE.test(f));
    expect(worker.some((f) => f.endsWith('/processing/processor.module.ts'))).toBe(true);
    expect(web(worker)).toEqual([]);
    // The patterns still name what the server loads, so an empty list above means something.
    expect(web(server).filter((f) => f.endsWith('.controller.ts')).length).toBeGreaterThan(20);
    expect(web(server).filter((f) => WEB_PACKAGE.test(f)).length).toBeGreaterThan(20);
    expect(worker.length).toBeLessThan(server.length * 0.8);
  }, 120_000);
});

/**
 * The processing worker thread loads the server's core modules: main.ts
 * starts it before anything of the server's loads, so both load at once
 * (ready was main start-up plus worker start-up, in sequence).
 */
describe('main.ts starts the processing worker first', () => {
  const start = (env: Record<string, string>) =>
    spawnSync(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        '-r',
        './test/support/start-order-hook.js',
        'apps/chat-server/src/main.ts',
      ],
      // An invalid PORT stops the server just after its modules load, before it opens anything.
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, PORT: 'not-a-port', ...env },
        timeout: 120_000,
      },
    );

  it('before Nest is even required, and the process still exits when the server fails to start', () => {
    const { stdout, stderr, status } = start({ PROCESSING: 'worker' });
    expect(stdout.split('\n').filter(Boolean)).toEqual(['worker thread started', 'nest required']);
    expect(stderr).toContain('PORT');
    expect(status).toBe(1);
  }, 120_000);

  it('not at all when processing runs inline', () => {
    const { stdout, status } = start({ PROCESSING: 'inline' });
    expect(stdout.split('\n').filter(Boolean)).toEqual(['nest required']);
    expect(status).toBe(1);
  }, 120_000);
});
