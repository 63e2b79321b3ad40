import { conversationStream } from '../conversations/conversation-stream';

/** Stream names are `conversation-<id>`; reactors only get the stream name. */
export const conversationIdOf = (streamName: string): string =>
  streamName.slice(conversationStream('').length);
