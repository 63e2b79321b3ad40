import type { JsonObject, JsonValue } from '@pagedesk/shared';
import { CONVERSATION_EVENT_VERSIONS, upcast } from './event-versions';
import type { ConversationEvent } from './events';

/**
 * Fits the command handler's codec port: the schema version travels in the
 * envelope's metadata. Events stored without one predate versioning: v1.
 */
export const conversationEventCodec = {
  decode: (stored: {
    readonly type: string;
    readonly data: JsonObject;
    readonly metadata: { readonly [key: string]: JsonValue | undefined };
  }): ConversationEvent => {
    const version = stored.metadata.schemaVersion;
    return upcast(stored.type, typeof version === 'number' ? version : 1, stored.data);
  },
  metadataOf: (event: ConversationEvent): { schemaVersion: number } => ({
    schemaVersion: CONVERSATION_EVENT_VERSIONS[event.type],
  }),
};
