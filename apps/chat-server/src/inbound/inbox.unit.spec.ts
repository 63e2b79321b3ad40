import type { RecordedEvent } from '@pagedesk/event-store';
import { deliveryLanes, parsedDelivery } from './inbox';
import { InboundLanes } from './inbound-lane';

const PAGE = '102938475610293';
const PSID = '7392015648120394';
const stored = (body: string): RecordedEvent => ({
  id: '6f1c2a52-0d5e-4c83-9a3b-1e8f5b2d7c40',
  streamName: 'inbox-messenger',
  type: 'MessengerDeliveryReceived',
  revision: 0,
  globalPosition: 1,
  data: { body, signature: 'sha256=00', lane: 'stored-lane' },
  metadata: { correlationId: 'r', causationId: 'r', actor: 'facebook', recordedAt: 'now' },
});
const message = JSON.stringify({
  object: 'page',
  entry: [
    {
      id: PAGE,
      time: 1,
      messaging: [
        {
          sender: { id: PSID },
          recipient: { id: PAGE },
          timestamp: 1_785_312_004_523,
          message: { mid: 'm-1', text: 'hi' },
        },
      ],
    },
  ],
});

describe('a stored delivery, laned then applied', () => {
  it('is parsed once: applying gets the very value laning parsed', () => {
    const event = stored(message);
    const lanes = deliveryLanes(new InboundLanes())(event);
    expect(lanes).toEqual([`${PAGE}:${PSID}`]);
    const first = parsedDelivery(event);
    expect(first.events).toHaveLength(1);
    expect(parsedDelivery(event)).toBe(first);
    // Another event with the same bytes is its own parse: nothing is keyed by content.
    expect(parsedDelivery(stored(message))).not.toBe(first);
  });

  it('keeps its stored lane when its body no longer parses, and applying it still fails', () => {
    const event = stored('{"object":');
    expect(deliveryLanes(new InboundLanes())(event)).toEqual(['stored-lane']);
    expect(() => parsedDelivery(event)).toThrow();
  });
});
