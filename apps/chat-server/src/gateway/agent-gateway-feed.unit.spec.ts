import type { RoutedConversation } from '@pagedesk/routing';
import type { FeedItem, FeedListener } from '../routing/conversation-feed';
import { AgentOutbox } from './agent-outbox';
import * as pushes from './agent-pushes';
import { AgentGateway, agentRoom } from './agent.gateway';

jest.mock('./agent-pushes', () => {
  const actual = jest.requireActual<typeof pushes>('./agent-pushes');
  return { ...actual, pushFor: jest.fn(actual.pushFor) };
});

const pushFor = pushes.pushFor as jest.MockedFunction<typeof pushes.pushFor>;

/** A gateway on the feed's live events, with the book's conversations given by the test. */
function gatewayOn(book: Map<string, RoutedConversation>): FeedListener {
  let listener: FeedListener | undefined;
  const feed = {
    book: { conversation: (id: string) => book.get(id) },
    prepare: () => undefined,
    fold: () => undefined,
    keep: () => undefined,
    listen: (l: FeedListener) => void (listener = l),
  };
  const router = { listen: () => undefined, settle: () => undefined };
  const unused = {} as never;
  new AgentGateway(
    unused,
    feed as never,
    router as never,
    unused,
    unused,
    unused,
    unused,
    unused,
    unused,
    unused,
    unused,
    unused,
  );
  return listener!;
}

const common = { tenantId: 't1', pageId: 'p1', psid: 'u1' };
const customerSaid = (conversationId: string, position: number): FeedItem =>
  ({
    conversationId,
    event: {
      type: 'CustomerMessageReceived',
      data: { mid: `m${position}`, text: 'hi', attachments: [], sentAt: position },
      metadata: {},
    },
    recorded: { globalPosition: position },
    change: undefined,
    replay: false,
  }) as never;

describe("the agent gateway on the feed's live events", () => {
  let queued: jest.SpyInstance;

  beforeEach(() => {
    pushFor.mockClear();
    queued = jest.spyOn(AgentOutbox.prototype, 'push').mockImplementation(() => undefined);
  });

  afterEach(() => queued.mockRestore());

  it("builds a chat's push only when an agent holds it, and pushes it to that agent's room", () => {
    const book = new Map<string, RoutedConversation>([
      ['c-waiting', { ...common, conversationId: 'c-waiting', status: 'queued' } as never],
      [
        'c-held',
        { ...common, conversationId: 'c-held', status: 'assigned', agentId: 'a1' } as never,
      ],
    ]);
    const onFeed = gatewayOn(book);

    for (let position = 1; position <= 20; position++) onFeed(customerSaid('c-waiting', position));
    expect(pushFor).not.toHaveBeenCalled();
    expect(queued).not.toHaveBeenCalled();

    onFeed(customerSaid('c-held', 21));
    expect(pushFor).toHaveBeenCalledTimes(1);
    expect(queued).toHaveBeenCalledTimes(1);
    expect(queued).toHaveBeenCalledWith(agentRoom('t1', 'a1'), {
      name: 'chat:message',
      payload: expect.objectContaining({ conversationId: 'c-held', position: 21, text: 'hi' }),
    });
  });
});
