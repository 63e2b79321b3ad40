import type { INestApplication } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@pagedesk/event-store';
import { InboundModule } from '../../apps/chat-server/src/inbound/inbound.module';
import { ConversationFeed } from '../../apps/chat-server/src/routing/conversation-feed';

/** Waits until every reactor has handled everything stored so far. */
export async function settle(app: INestApplication): Promise<void> {
  const { reactors } = app.get(InboundModule);
  for (let round = 0; round < 3; round++) await Promise.all(reactors.map((r) => r.settled()));
}

/** Everything stored is applied, and routing has followed the log to its head. */
export async function settleRouting(app: INestApplication): Promise<void> {
  await settle(app);
  const head = (await app.get<EventStore>(EVENT_STORE).headPosition()) ?? 0;
  const feed = app.get(ConversationFeed);
  while (feed.position < head) await new Promise((resolve) => setImmediate(resolve));
}

/** Every conversation stream's events, keyed by stream, from the global log. */
export async function conversations(app: INestApplication): Promise<Map<string, RecordedEvent[]>> {
  const store = app.get<EventStore>(EVENT_STORE);
  const byStream = new Map<string, RecordedEvent[]>();
  for (const event of await store.readAll()) {
    if (!event.streamName.startsWith('conversation-')) continue;
    byStream.set(event.streamName, [...(byStream.get(event.streamName) ?? []), event]);
  }
  return byStream;
}
