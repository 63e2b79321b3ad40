import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type EventHandler,
  type RecordedEvent,
  SqliteEventStore,
  type SubscribeToAllOptions,
} from '@pagedesk/event-store';
import { testEvent } from '@pagedesk/event-store/testing';
import { DELIVERY_RECEIVED, INBOX_STREAM } from '../inbound/inbox';
import { METRIC_NAMES as N } from './metric-names';
import { OperatorMetrics } from './operator-metrics';
import { OutboxFailureCounter } from './outbox-failure-counter';
import { idleMetricSources } from './testing/idle-metric-sources';

const failure = (reason: string, permanent: boolean) =>
  testEvent(
    {
      messageId: 'm1',
      code: 10,
      subcode: null,
      reason,
      permanent,
      attempt: 1,
      retryAt: null,
      failedAt: 0,
    },
    'AgentMessageFailed',
  );

describe('the outbox failure counter on the main thread', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  /** Every event the store decoded and handed to the counter. */
  let handed: RecordedEvent[];
  /** Resolves once the counter's subscription has read the log up to `position`. */
  let readTo: (position: number) => Promise<void>;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-failure-counter-'));
    store = await SqliteEventStore.open(join(dataDir, 'events.db'));
    handed = [];
    const waiters: { position: number; resolve: () => void }[] = [];
    let caughtUpTo = 0;
    const subscribe = store.subscribeToAll.bind(store);
    // Sees what the store hands over and how far it has read, without changing what the counter asked for.
    store.subscribeToAll = (handler: EventHandler, options: SubscribeToAllOptions = {}) =>
      subscribe(
        (event) => {
          handed.push(event);
          return handler(event);
        },
        {
          ...options,
          onCaughtUp(position) {
            caughtUpTo = Math.max(caughtUpTo, position ?? 0);
            for (const w of waiters.filter((w) => w.position <= caughtUpTo)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve();
            }
            options.onCaughtUp?.(position);
          },
        },
      );
    readTo = (position) =>
      position <= caughtUpTo
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ position, resolve }));
  });

  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts every Send API failure and is never handed an inbox delivery', async () => {
    const metrics = new OperatorMetrics(idleMetricSources());
    const counter = new OutboxFailureCounter(store, metrics);
    await counter.onApplicationBootstrap();

    const deliveries = Array.from({ length: 50 }, () =>
      testEvent(
        { body: '{"object":"page","entry":[]}', signature: 's', lane: 'l' },
        DELIVERY_RECEIVED,
      ),
    );
    await store.appendToStream(INBOX_STREAM, deliveries, { expectedRevision: 'any' });
    await store.appendToStream('conversation-c1', [failure('rate_limited', false)], {
      expectedRevision: 'any',
    });
    await store.appendToStream(INBOX_STREAM, [testEvent({}, DELIVERY_RECEIVED)], {
      expectedRevision: 'any',
    });
    const last = await store.appendToStream('conversation-c1', [failure('blocked', true)], {
      expectedRevision: 'any',
    });
    await readTo(last.globalPosition);
    await counter.onModuleDestroy();

    expect(handed.map((e) => e.type)).toEqual(['AgentMessageFailed', 'AgentMessageFailed']);
    const body = await metrics.registry.metrics();
    const lines = body.split('\n').filter((line) => line.startsWith(`${N.outboxFailures}{`));
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => line.endsWith(' 1'))).toBe(true);
  });
});
