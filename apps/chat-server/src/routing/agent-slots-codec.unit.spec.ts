import type { RecordedEvent } from '@pagedesk/event-store';
import { agentSlotsCodec } from './agent-slots-codec';

const recorded = (
  type: string,
  data: RecordedEvent['data'],
  metadata: RecordedEvent['metadata'],
): RecordedEvent => ({
  streamName: 'agentslots-ada',
  revision: 0,
  globalPosition: 1,
  id: '00000000-0000-4000-8000-000000000001',
  type,
  data,
  metadata,
});

const handler = {
  correlationId: 'c',
  causationId: 'c',
  actor: 'ada',
  recordedAt: '2026-12-01T12:00:00.000Z',
};

describe('agent slots codec', () => {
  it("stores the decision's time with the event and reads it back", () => {
    const event = {
      type: 'AgentSlotClaimed' as const,
      data: { conversationId: 'c1', released: [] },
      metadata: { now: '2026-12-01T12:00:00.000Z' },
    };
    const metadata = { ...handler, ...agentSlotsCodec.metadataOf!(event) };
    expect(agentSlotsCodec.decode(recorded(event.type, event.data, metadata))).toEqual(event);
  });

  it('reads an event stored before slot events carried metadata as that older shape', () => {
    const data = { conversationId: 'c1', at: 1_764_590_400_000, released: [] };
    expect(agentSlotsCodec.decode(recorded('AgentSlotClaimed', data, handler))).toEqual({
      type: 'AgentSlotClaimed',
      data,
      metadata: undefined,
    });
  });

  it('refuses what is not a slot event', () => {
    expect(() => agentSlotsCodec.decode(recorded('AgentAssigned', {}, handler))).toThrow(
      'not a slot event: AgentAssigned',
    );
  });
});
