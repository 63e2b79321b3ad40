import type { INestApplication } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@pagedesk/event-store';
import { InboundModule } from '../../apps/chat-server/src/inbound/inbound.module';

/** Waits until every reactor has handled everything stored so far. */
export async function settle(app: INestApplication): Promise<void> {
  const { reactors } = app.get(InboundModule);
  for (let round = 0; round < 3; round++) await Promise.all(reactors.map((r) => r.settled()));
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
