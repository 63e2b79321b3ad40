import type { RecordedEvent } from '@pagedesk/event-store';
import { undelivered } from './log-checks';

let position = 0;
const event = (streamName: string, type: string, data: Record<string, unknown>): RecordedEvent =>
  ({
    streamName,
    type,
    data,
    metadata: {},
    revision: 0,
    globalPosition: ++position,
    eventId: `e${position}`,
  }) as unknown as RecordedEvent;

const requested = (conversation: string, messageId: string) =>
  event(`conversation-${conversation}`, 'AgentMessageRequested', {
    messageId,
    clientMessageId: `client-${messageId}`,
  });

describe('undelivered: the agent sends the chaos log holds with no outcome', () => {
  it('names a request neither sent nor given up on, with its conversation', () => {
    const log = [
      requested('c1', 'a1'),
      requested('c1', 'a2'),
      requested('c2', 'b1'),
      event('conversation-c1', 'AgentMessageSent', { messageId: 'a1' }),
      event('conversation-c2', 'AgentMessageFailed', { messageId: 'b1', permanent: true }),
    ];
    expect(undelivered(log)).toEqual([
      { conversationId: 'c1', messageId: 'a2', clientMessageId: 'client-a2', position: 2 },
    ]);
  });

  it('still names a request whose only failure was transient', () => {
    const log = [
      requested('c3', 'x1'),
      event('conversation-c3', 'AgentMessageFailed', { messageId: 'x1', permanent: false }),
    ];
    expect(undelivered(log).map((u) => u.messageId)).toEqual(['x1']);
  });
});
