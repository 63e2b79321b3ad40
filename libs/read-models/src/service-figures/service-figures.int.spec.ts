import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@pagedesk/event-store';
import { testEvent } from '@pagedesk/event-store/testing';
import { firstDifference, ProjectionRunner, type AsyncSqlDb } from '@pagedesk/processing';
import type { JsonObject } from '@pagedesk/shared';
import { serviceSettingsStream, type ServiceSettingsEvent } from '@pagedesk/tenancy';
import { ServiceFiguresProjection } from './service-figures.projection';
import { serviceReportAsCsv } from './service-figures-csv';
import { ServiceReports } from './service-reports';
import { eventsOf, type Script } from './testing/facts-scenario';
import { describeOnReadModelDbs } from '@pagedesk/test-support/read-model-dbs';

const NOW = Date.parse('2026-03-10T11:00:00Z');
const D = Date.parse('2026-03-09T23:00:00Z'); // 10 March, 00:00 in Berlin

const SCRIPTS: Script[] = [
  {
    id: 'c1',
    pageId: 'p1',
    startedAt: D + 60_000,
    steps: [
      { at: D + 60_000, customer: true },
      { at: D + 60_000, queued: 'sales' },
      { at: D + 100_000, assigned: 'anna' }, // 40 s: within 60 s, not within 30 s
      { at: D + 110_000, reply: 'anna' },
      { at: D + 200_000, closedBy: 'anna' },
      { at: D + 200_000, surveyed: 'anna', scale: 'five_point' },
      { at: D + 260_000, rated: '4', scale: 'five_point' },
    ],
  },
  {
    id: 'c2',
    tenantId: 'globex',
    pageId: 'p9',
    startedAt: D + 60_000,
    steps: [{ at: D + 60_000, queued: 'sales' }],
  },
];

describeOnReadModelDbs('service figures read model', (readModelDb, kase) => {
  let dir: string;
  let store: SqliteEventStore;
  let live: AsyncSqlDb;
  let runner: ProjectionRunner;

  const appendScripts = async () => {
    for (const script of SCRIPTS) {
      const events = eventsOf(script).map((e) =>
        testEvent(e.data as unknown as JsonObject, e.type),
      );
      await store.appendToStream(`conversation-${script.id}`, events, {
        expectedRevision: 'no_stream',
      });
    }
  };
  const setting = (
    tenantId: string,
    events: ServiceSettingsEvent[],
    revision: 'no_stream' | number,
  ) =>
    store.appendToStream(
      serviceSettingsStream(tenantId),
      events.map((e) => testEvent(e.data as unknown as JsonObject, e.type)),
      { expectedRevision: revision },
    );

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pagedesk-service-figures-'));
    store = await SqliteEventStore.open(join(dir, 'events.db'));
    live = readModelDb();
    runner = new ProjectionRunner(store, live, new ServiceFiguresProjection(live));
    await appendScripts();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports a tenant only its own conversations, in its time zone and against its targets', async () => {
    await setting(
      'acme',
      [{ type: 'ServiceTimeZoneSet', data: { tenantId: 'acme', timeZone: 'Europe/Berlin' } }],
      'no_stream',
    );
    await runner.catchUp();
    const reports = new ServiceReports(live);
    const today = await reports.report('acme', { period: 'today' }, 'queue', NOW);
    expect(today).toMatchObject({
      timeZone: 'Europe/Berlin',
      period: {
        firstDay: '2026-03-10',
        from: '2026-03-09T23:00:00.000Z',
        to: '2026-03-10T23:00:00.000Z',
      },
    });
    expect(today.groups).toEqual([
      expect.objectContaining({
        key: 'sales',
        figures: expect.objectContaining({
          offered: 1,
          serviceLevel: { targetsMs: [60_000], met: 1, judged: 1, share: 1 },
        }),
      }),
    ]);

    await setting(
      'acme',
      [
        {
          type: 'QueueServiceTargetSet',
          data: { tenantId: 'acme', queueId: 'sales', targetSeconds: 30 },
        },
      ],
      0,
    );
    await runner.catchUp();
    expect(await reports.settings('acme')).toEqual({
      timeZone: 'Europe/Berlin',
      defaultTargetSeconds: 60,
      queueTargets: { sales: 30 },
    });
    const stricter = await reports.report('acme', { period: 'today' }, 'queue', NOW);
    expect(stricter.groups[0]?.figures.serviceLevel).toEqual({
      targetsMs: [30_000],
      met: 0,
      judged: 1,
      share: 0,
    });
    expect((await reports.report('globex', { period: 'today' }, 'tenant', NOW)).groups).toEqual([
      expect.objectContaining({
        key: 'globex',
        // UTC: offered at 23:01Z on 9 March, so not today's; but it is waiting now.
        figures: expect.objectContaining({ offered: 0, waitingNow: 1 }),
      }),
    ]);
  });

  it('exports a report as CSV, one row per group, names from the caller', async () => {
    await runner.catchUp();
    const report = await new ServiceReports(live).report('acme', { period: 'today' }, 'agent', NOW);
    const csv = serviceReportAsCsv(report, (id) => (id === 'anna' ? '=Anna' : id));
    const [header, ...rest] = csv.split('\r\n');
    expect(header).toBe(
      'by,key,name,first_day,last_day,time_zone,offered,answered,abandoned,waiting_now,longest_wait_ms,' +
        'waitMs_median,waitMs_p90,firstReplyMs_median,firstReplyMs_p90,handleMs_median,handleMs_p90,' +
        'messagesPerConversation_median,messagesPerConversation_p90,transfers,' +
        'service_level_met,service_level_judged,service_level_share,' +
        'csat_surveyed,csat_answered,csat_satisfied,csat_share,csat_average_rating',
    );
    // UTC (no zone set): c1 was offered 23:01Z on 9 March, which is not "today" on the 10th.
    expect(rest).toEqual(['']);
    const march9 = await new ServiceReports(live).report(
      'acme',
      { period: 'custom', from: '2026-03-09', to: '2026-03-09' },
      'agent',
      NOW,
    );
    const lines = serviceReportAsCsv(march9, (id) => (id === 'anna' ? '=Anna' : id)).split('\r\n');
    expect(lines[1]).toBe(
      "agent,anna,'=Anna,2026-03-09,2026-03-09,UTC,1,1,0,0,,40000,40000,10000,10000,100000,100000,2,2,0,1,1,1,1,1,1,1,4",
    );
    expect(lines.slice(2)).toEqual(['']);
  });

  it('rebuilds from zero to the same rows, byte for byte', async () => {
    await setting(
      'acme',
      [{ type: 'ServiceTimeZoneSet', data: { tenantId: 'acme', timeZone: 'Asia/Tokyo' } }],
      'no_stream',
    );
    await runner.catchUp();
    const fresh = await kase.open();
    try {
      const rebuilt = new ServiceFiguresProjection(fresh);
      await new ProjectionRunner(store, fresh, rebuilt).catchUp();
      expect(await firstDifference(live, fresh, rebuilt.tables)).toBeUndefined();
      expect((await live.all('SELECT * FROM service_conversations')).length).toBe(2);
      await runner.reset();
      await runner.catchUp();
      expect(await firstDifference(live, fresh, rebuilt.tables)).toBeUndefined();
    } finally {
      await fresh.close();
    }
  });
});
