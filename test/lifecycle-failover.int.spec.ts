import type { Lease } from '../apps/chat-server/src/cluster/lease';
import { WORK_LEASE } from '../apps/chat-server/src/cluster/work-lease';
import { BackgroundWork } from '../apps/chat-server/src/processing/background-work';
import { DAY, MovableClock, expiriesOf, settleLifecycle, waitUntil } from './support/lifecycle';
import { conversationOf, customerWrites, eventsOf } from './support/outbound';
import { inProcessNodes } from './support/in-process-nodes';
import type { TestApp } from './support/test-app';
import { sharedCheckpoint } from './support/shared-checkpoints';

/**
 * The lifecycle index (each conversation's deadlines) lives in each node's
 * read-models.db. Two nodes in this process on one PostgreSQL: the work-lease
 * holder schedules a conversation's 24-hour deadline, then stops (a rolling
 * restart); the other node takes the lease over and must expire the
 * conversation when the deadline comes (docs/postgres.md, "Several nodes").
 */
describe('a deadline scheduled by the work-lease holder, after the lease moves', () => {
  const cluster = inProcessNodes();

  const holds = (node: TestApp) => node.app.get<Lease>(WORK_LEASE).held;
  // Holding the lease comes first; the holder's reactors start once it has reloaded the shared checkpoints.
  const tookOver = async (node: TestApp) =>
    holds(node) &&
    (await node.app.get(BackgroundWork).statuses())
      .filter((part) => part.kind === 'reactor')
      .every((part) => part.state !== 'stopped');

  it('is kept by the node that takes the work lease over', async () => {
    const databaseUrl = await cluster.database();
    const clock = new MovableClock();
    const holder = await cluster.node(databaseUrl, {}, clock);
    await waitUntil(async () => holds(holder), 15_000);
    const standby = await cluster.node(databaseUrl, {}, clock);
    expect(holds(standby)).toBe(false);

    const writtenAt = Date.now();
    await customerWrites(holder.url, { id: '7300000000000101' }, { sentAt: writtenAt });
    const id = await conversationOf(holder.app, '7300000000000101');
    await settleLifecycle(holder.app);
    expect(await expiriesOf(holder.app, id)).toEqual([]);
    const last = (await eventsOf(holder.app, id)).at(-1)!.globalPosition;
    await holder.close();
    // A node that took over from the shared checkpoints would not read the conversation's events again.
    expect(await sharedCheckpoint(databaseUrl, 'lifecycle-schedule')).toBeGreaterThanOrEqual(last);

    await waitUntil(() => tookOver(standby), 15_000);
    clock.set(writtenAt + DAY);
    await settleLifecycle(standby.app);
    expect(await expiriesOf(standby.app, id)).toMatchObject([
      { rule: '24h_after_last_customer_message', deadline: writtenAt + DAY },
    ]);
  }, 120_000);
});
