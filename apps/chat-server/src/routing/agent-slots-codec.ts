import type { EventCodec, RecordedEvent } from '@pagedesk/event-store';
import type { RecordedAgentSlotsEvent } from '@pagedesk/routing';

const SLOT_EVENTS: ReadonlySet<string> = new Set(['AgentSlotClaimed', 'AgentSlotReleased']);

/** The decision's `now` travels in the stored metadata; events stored before it have none (and `data.at`). */
export const agentSlotsCodec: EventCodec<RecordedAgentSlotsEvent> = {
  decode: (recorded: RecordedEvent) => {
    if (!SLOT_EVENTS.has(recorded.type)) throw new Error(`not a slot event: ${recorded.type}`);
    const { now } = recorded.metadata;
    const metadata = typeof now === 'string' ? { now } : undefined;
    return { type: recorded.type, data: recorded.data, metadata } as RecordedAgentSlotsEvent;
  },
  metadataOf: (event): Record<string, string> =>
    event.metadata ? { now: event.metadata.now } : {},
};
