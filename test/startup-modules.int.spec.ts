import { execFileSync } from 'node:child_process';
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
