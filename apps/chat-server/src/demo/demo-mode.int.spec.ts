import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore, loadEventStoreConfig } from '@pagedesk/event-store';
import { DEMO_PAGE_ID } from './demo-identity';
import { withDemoMode } from './demo-mode';

describe('choosing demo mode at start-up', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-demo-mode-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const recordPageEvent = async (pageId: string) => {
    const store = await createEventStore(loadEventStoreConfig({ DATA_DIR: dataDir }));
    await store.appendToStream(
      `page-${pageId}`,
      [
        {
          id: randomUUID(),
          type: 'PageConnected',
          data: { pageId },
          metadata: {
            correlationId: 'c',
            causationId: 'c',
            actor: 'admin',
            recordedAt: new Date().toISOString(),
          },
        },
      ],
      { expectedRevision: 'any' },
    );
    await store.close();
  };

  it('starts the demo when nothing is configured, pointing the Graph API at its own simulator', async () => {
    const env = await withDemoMode({ DATA_DIR: dataDir, PORT: '4123' });
    expect(env.DEMO).toBe('1');
    expect(env.MESSENGER_GRAPH_API_URL).toBe('http://127.0.0.1:4123/simulator/graph/v25.0');
    expect(JSON.parse(env.MESSENGER_CONFIG!).pages[0].pageId).toBe(DEMO_PAGE_ID);
  });

  it('stays off with DEMO=0, a MESSENGER_CONFIG, or a page connected through the API', async () => {
    expect((await withDemoMode({ DATA_DIR: dataDir, DEMO: '0' })).DEMO).toBe('0');
    expect(
      (
        await withDemoMode({
          DATA_DIR: dataDir,
          MESSENGER_CONFIG_FILE: join(dataDir, 'pages.json'),
        })
      ).DEMO,
    ).toBe('0');
    await recordPageEvent(DEMO_PAGE_ID);
    expect((await withDemoMode({ DATA_DIR: dataDir })).DEMO).toBe('1');
    await recordPageEvent('123456789');
    const env = await withDemoMode({ DATA_DIR: dataDir });
    expect(env.DEMO).toBe('0');
    expect(env.MESSENGER_GRAPH_API_URL).toBeUndefined();
  });

  it('refuses DEMO=1 loudly when real pages are configured', async () => {
    await expect(
      withDemoMode({ DATA_DIR: dataDir, DEMO: '1', MESSENGER_CONFIG: '{}' }),
    ).rejects.toThrow('DEMO=1 but MESSENGER_CONFIG is set');
  });
});
