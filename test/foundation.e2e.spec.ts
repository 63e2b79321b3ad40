import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { startTestApp, type TestApp } from './support/test-app';

describe('chat-server foundation', () => {
  let server: TestApp;
  beforeEach(async () => {
    server = await startTestApp();
  });
  afterEach(async () => {
    await server.close();
  });

  it('answers liveness and readiness with the event store up', async () => {
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ok',
      info: { eventStore: { status: 'up' } },
    });
  });

  it('reports not ready once the event store cannot serve', async () => {
    await server.app.get<EventStore>(EVENT_STORE).close();
    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      status: 'error',
      error: { eventStore: { status: 'down' } },
    });
  });

  it('tags every response with a request id, keeping a valid one the caller sent', async () => {
    const generated = await fetch(`${server.url}/health`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const given = await fetch(`${server.url}/health`, { headers: { 'x-request-id': 'trace-42' } });
    expect(given.headers.get('x-request-id')).toBe('trace-42');
  });

  it('answers unknown routes with the error taxonomy body', async () => {
    const response = await fetch(`${server.url}/no-such-thing`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: expect.any(String) },
    });
  });
});

describe('start-up configuration', () => {
  const start = (env: Record<string, string>) =>
    spawnSync(
      process.execPath,
      ['-r', '@swc-node/register', join(__dirname, '../apps/chat-server/src/main.ts')],
      {
        env: { ...process.env, ...env, DATA_DIR: join(__dirname, '../data/never-used') },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );

  it.each([
    ['PORT', 'not-a-port'],
    ['SQLITE_SYNCHRONOUS', 'OFF'],
    ['EVENTSTORE_CONNECTION_STRING', 'postgres://user:hunter2@db'],
    ['DATABASE_URL', 'mysql://user:hunter2@db'],
  ])('stops with one line naming %s, without echoing its value', (name, value) => {
    const result = start({ [name]: value });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: ${name} `));
    expect(result.stderr).not.toContain('hunter2');
  });
});
