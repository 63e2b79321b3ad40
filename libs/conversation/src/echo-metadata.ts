/**
 * The Send API echoes `message.metadata` back verbatim in `message_echoes`, so
 * the sender tags every outbound message with our messageId; an echo carrying
 * the tag is ours even if it overtakes the Send API response.
 */
const PREFIX = 'pagedesk:out:';

export const echoMetadataFor = (messageId: string): string => `${PREFIX}${messageId}`;

export const messageIdFromEchoMetadata = (metadata: string | null): string | null =>
  metadata !== null && metadata.startsWith(PREFIX) && metadata.length > PREFIX.length
    ? metadata.slice(PREFIX.length)
    : null;
