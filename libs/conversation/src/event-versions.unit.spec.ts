import type { JsonObject } from '@pagedesk/shared';
import { ConversationError } from './errors';
import { conversationEventCodec } from './event-codec';
import { CONVERSATION_EVENT_VERSIONS, createUpcaster, upcast } from './event-versions';
import { customerMessage } from './testing/fixtures';

const current = customerMessage('m_1');
const reasonOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof ConversationError ? error.reason : error;
  }
  return undefined;
};

describe('event versions', () => {
  it('gives every event type a positive integer version', () => {
    for (const version of Object.values(CONVERSATION_EVENT_VERSIONS)) {
      expect(Number.isInteger(version) && version >= 1).toBe(true);
    }
  });

  it('passes current data through unchanged', () => {
    expect(upcast(current.type, 1, current.data as unknown as JsonObject)).toEqual(current);
  });

  it('refuses unknown types and versions it cannot read', () => {
    expect(reasonOf(() => upcast('MessageTeleported', 1, {}))).toBe('unknown_event_type');
    expect(reasonOf(() => upcast('CustomerMessageReceived', 2, {}))).toBe(
      'unsupported_event_version',
    );
    expect(reasonOf(() => upcast('CustomerMessageReceived', 0, {}))).toBe(
      'unsupported_event_version',
    );
  });

  describe('with an example upcaster (as if CustomerMessageReceived v1 had `timestamp` in seconds)', () => {
    const versions = { ...CONVERSATION_EVENT_VERSIONS, CustomerMessageReceived: 2 };
    const upcastV2 = createUpcaster(
      {
        CustomerMessageReceived: {
          1: ({ timestamp, ...rest }) => ({ ...rest, sentAt: (timestamp as number) * 1000 }),
        },
      },
      versions,
    );

    it('lifts stored v1 data to the current shape', () => {
      const v1 = { ...(current.data as unknown as JsonObject), timestamp: 1785312004 };
      delete (v1 as Record<string, unknown>).sentAt;
      expect(upcastV2('CustomerMessageReceived', 1, v1)).toEqual({
        type: 'CustomerMessageReceived',
        data: { ...current.data, sentAt: 1785312004000 },
      });
    });

    it('leaves current-version data alone and fails loudly on a gap in the chain', () => {
      expect(upcastV2('CustomerMessageReceived', 2, { a: 1 })).toEqual({
        type: 'CustomerMessageReceived',
        data: { a: 1 },
      });
      const gap = createUpcaster({}, versions);
      expect(reasonOf(() => gap('CustomerMessageReceived', 1, {}))).toBe(
        'unsupported_event_version',
      );
    });
  });
});

describe('conversationEventCodec', () => {
  it('stores the schema version in metadata and decodes it back', () => {
    const metadata = { ...conversationEventCodec.metadataOf(current), actor: 'facebook' };
    expect(metadata.schemaVersion).toBe(1);
    expect(
      conversationEventCodec.decode({
        type: current.type,
        data: current.data as unknown as JsonObject,
        metadata,
      }),
    ).toEqual(current);
  });

  it('reads an event stored without a version as v1 and refuses a newer one', () => {
    const data = current.data as unknown as JsonObject;
    expect(conversationEventCodec.decode({ type: current.type, data, metadata: {} })).toEqual(
      current,
    );
    expect(
      reasonOf(() =>
        conversationEventCodec.decode({ type: current.type, data, metadata: { schemaVersion: 9 } }),
      ),
    ).toBe('unsupported_event_version');
  });
});
