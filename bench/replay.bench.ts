/**
 * npm run bench:replay — seeds BENCH_EVENTS (default 1,000,000) events of
 * realistic conversations through the SQLite adapter, then times `replay` of
 * every projection (what `npm run cli -- replay` does) against a raw scan of
 * the same log (readAll paging, which parses each event's JSON). The ratio
 * says what projecting costs on top of reading.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ConversationEvent } from '@pagedesk/conversation';
import { SqliteEventStore, type EventToAppend } from '@pagedesk/event-store';
import { PROJECTIONS_FILE, SqliteAsyncSqlDb } from '@pagedesk/processing';
import { projectionNames } from '@pagedesk/read-models';
import type { JsonObject } from '@pagedesk/shared';
import { replay } from '../apps/cli/src/commands/replay';
import { perSecond, report } from './report';

const TARGET = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const CONCURRENT_APPENDS = 64;

/** One conversation: start, queue, profile, a dialogue with receipts, maybe contact info, a transfer, the end. */
function conversation(n: number, start: number): Omit<ConversationEvent, 'metadata'>[] {
  const agent = `agent-${n % 40}`;
  const events: Omit<ConversationEvent, 'metadata'>[] = [
    {
      type: 'ConversationStarted',
      data: {
        conversationId: `c${n}`,
        tenantId: `tenant-${n % 5}`,
        pageId: `page-${n % 12}`,
        customer: { kind: 'psid', id: `psid-${n}` },
        channel: 'messenger',
        referral: null,
        startedAt: start,
      },
    },
    { type: 'ConversationQueued', data: { queue: 'default', queuedAt: start + 800 } },
    {
      type: 'CustomerProfileFetched',
      data: {
        firstName: 'Anna',
        lastName: `Schmidt ${n}`,
        pictureUrl: null,
        fetchedAt: start + 900,
      },
    },
    {
      type: 'AgentAssigned',
      data: {
        agentId: agent,
        previousAgentId: null,
        assignedBy: agent,
        assignedAt: start + 30_000,
      },
    },
  ];
  let t = start + 31_000;
  for (let turn = 0; turn < 3; turn++) {
    events.push({
      type: 'CustomerMessageReceived',
      data: {
        mid: `m_${n}_${turn}`,
        text: 'Hello, my order has not arrived yet, can you check?',
        attachments: [],
        quickReplyPayload: null,
        replyToMid: null,
        sentAt: (t += 5_000),
      },
    });
    const messageId = `${n}-${turn}`;
    events.push(
      {
        type: 'AgentMessageRequested',
        data: {
          messageId,
          clientMessageId: `c-${messageId}`,
          agentId: agent,
          content: {
            kind: 'text',
            text: 'Let me look that up for you, one moment please.',
            quickReplies: [],
          },
          messaging: { messagingType: 'RESPONSE' },
          requestedAt: (t += 20_000),
        },
      },
      {
        type: 'AgentMessageSent',
        data: { messageId, mid: `m_out_${messageId}`, sentAt: t + 200, confirmedAt: t + 250 },
      },
      {
        type: 'DeliveryWatermarkAdvanced',
        data: { watermark: t + 200, mids: [`m_out_${messageId}`] },
      },
      { type: 'ReadWatermarkAdvanced', data: { watermark: t + 200 } },
    );
  }
  if (n % 3 === 0) {
    events.push({
      type: 'ContactInfoShared',
      data: { kind: 'email', value: `anna${n}@example.com`, mid: `m_${n}_2`, sharedAt: t + 1_000 },
    });
  }
  if (n % 4 === 0) {
    events.push({
      type: 'AgentAssigned',
      data: {
        agentId: `agent-${(n + 1) % 40}`,
        previousAgentId: agent,
        assignedBy: 'supervisor-1',
        assignedAt: t + 2_000,
      },
    });
  }
  events.push({
    type: 'ConversationClosedByAgent',
    data: { agentId: agent, closedAt: t + 60_000 },
  });
  return events;
}

async function seed(store: SqliteEventStore): Promise<number> {
  let next = 0;
  let seeded = 0;
  const start = Date.parse('2026-01-01T00:00:00Z');
  await Promise.all(
    Array.from({ length: CONCURRENT_APPENDS }, async () => {
      while (seeded < TARGET) {
        const n = next++;
        const at = start + n * 60_000;
        const events: EventToAppend[] = conversation(n, at).map((e) => {
          const id = randomUUID();
          return {
            id,
            type: e.type,
            data: e.data as unknown as JsonObject,
            metadata: {
              correlationId: id,
              causationId: id,
              actor: 'bench',
              recordedAt: new Date(at).toISOString(),
              schemaVersion: 1,
            },
          };
        });
        seeded += events.length;
        await store.appendToStream(`conversation-c${n}`, events, { expectedRevision: 'no_stream' });
      }
    }),
  );
  return seeded;
}

async function rawScan(store: SqliteEventStore): Promise<number> {
  let after: number | undefined;
  let count = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1_000 });
    count += page.length;
    if (page.length < 1_000) return count;
    after = page[page.length - 1]!.globalPosition;
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pagedesk-bench-replay-'));
  try {
    const store = await SqliteEventStore.open(join(dir, 'events.db'), { synchronous: 'NORMAL' });
    let started = performance.now();
    const events = await seed(store);
    console.log(
      `seeded ${events.toLocaleString('en')} events in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    started = performance.now();
    const scanned = await rawScan(store);
    const scanMs = performance.now() - started;

    const db = SqliteAsyncSqlDb.open(join(dir, PROJECTIONS_FILE));
    const results = await replay(store, db, projectionNames(), { progress: false });
    const replayMs = results.reduce((sum, r) => sum + r.ms, 0);
    await db.close();
    await store.close();

    const figures: Record<string, number | string> = {
      events: scanned,
      'raw scan events/s (readAll + JSON parse)': perSecond(scanned, scanMs),
    };
    for (const r of results) figures[`replay ${r.projection} events/s`] = perSecond(r.events, r.ms);
    figures['replay all projections, log events/s'] = perSecond(scanned, replayMs);
    figures['replay time / raw scan time'] = replayMs / scanMs;
    report('replay-sqlite', figures);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
