import type { INestApplication } from '@nestjs/common';
import type { ConversationExpired } from '@pagedesk/conversation';
import type { Clock } from '../../apps/chat-server/src/lifecycle/clock';
import { LifecycleScheduler } from '../../apps/chat-server/src/lifecycle/scheduler/lifecycle-scheduler';
import { SchedulerModule } from '../../apps/chat-server/src/lifecycle/scheduler/scheduler.module';
import { settle } from './inbound';
import { eventsOf, settleAll } from './outbound';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Real time plus an offset a test moves; time keeps flowing, as the server's timers expect. */
export class MovableClock implements Clock {
  constructor(private offsetMs = 0) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** From now on the clock reads `at` (epoch ms) and runs on from there. */
  set(at: number): void {
    this.offsetMs = at - Date.now();
  }
}

/**
 * Everything stored so far is in the schedule and fully applied by inbound
 * (the scheduler waits for that), then one sweep at the clock's time, then
 * whatever the sweep caused (the outbox included).
 */
export async function settleLifecycle(app: INestApplication): Promise<void> {
  await settleAll(app);
  await app.get(SchedulerModule).settled();
  await settle(app);
  await app.get(LifecycleScheduler).sweep();
  await settleAll(app);
}

export async function expiriesOf(
  app: INestApplication,
  conversationId: string,
): Promise<ConversationExpired['data'][]> {
  return (await eventsOf(app, conversationId))
    .filter((e) => e.type === 'ConversationExpired')
    .map((e) => e.data as unknown as ConversationExpired['data']);
}

export async function waitUntil(
  condition: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
