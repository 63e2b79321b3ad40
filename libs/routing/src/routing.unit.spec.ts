import type { ConversationEvent } from '@pagedesk/conversation';
import { RoutingBook } from './routing-book';
import { autoAssignments, offersFor, turnOf, waitingInTurn } from './routing-decisions';
import type { RoutingDirectory, RoutingMode, RoutingQueue } from './routing-directory';

const TENANT = 'acme';
let position = 0;

function directory(mode: RoutingMode, members: string[], capacity = 2): RoutingDirectory {
  const queue: RoutingQueue = { queueId: 'sales', routingMode: mode, members };
  return {
    capacityOf: (agentId) => (members.includes(agentId) ? capacity : 0),
    queuesOf: (agentId) => (members.includes(agentId) ? [queue] : []),
    queue: (tenantId, queueId) => (tenantId === TENANT && queueId === 'sales' ? queue : undefined),
  };
}

const event = (type: string, data: object) => ({ type, data }) as unknown as ConversationEvent;

function arrive(book: RoutingBook, id: string, queuedAt: number): void {
  book.apply(id, event('ConversationStarted', { tenantId: TENANT, pageId: 'p1' }), ++position);
  book.apply(id, event('ConversationQueued', { queue: 'sales', queuedAt }), ++position);
  book.apply(id, event('CustomerMessageReceived', { mid: `m_${id}` }), ++position);
}

const assign = (book: RoutingBook, id: string, agentId: string) =>
  book.apply(id, event('AgentAssigned', { agentId }), ++position);

const ready = (book: RoutingBook, agentId: string, at: number) => {
  book.connect(agentId, TENANT);
  book.setReady(agentId, true, at);
};

const ids = (list: { conversationId: string }[]) => list.map((c) => c.conversationId);

describe('offer mode', () => {
  it('offers a ready agent as many of the oldest waiting chats as they have free slots', () => {
    const book = new RoutingBook();
    const dir = directory('offer', ['ada'], 2);
    ['c1', 'c2', 'c3'].forEach((id, i) => arrive(book, id, 1000 + i));
    expect(offersFor(book, dir, 'ada')).toEqual([]);
    ready(book, 'ada', 5);
    expect(ids(offersFor(book, dir, 'ada'))).toEqual(['c1', 'c2']);
    assign(book, 'c1', 'ada');
    expect(ids(offersFor(book, dir, 'ada'))).toEqual(['c2']);
    assign(book, 'c2', 'ada');
    expect(offersFor(book, dir, 'ada')).toEqual([]);
    book.apply('c1', event('ConversationClosedByAgent', { agentId: 'ada' }), ++position);
    expect(ids(offersFor(book, dir, 'ada'))).toEqual(['c3']);
  });

  it('offers the oldest across all of an agent’s queues, the same when a routing pass shares sorted lists', () => {
    const book = new RoutingBook();
    const sales: RoutingQueue = { queueId: 'sales', routingMode: 'offer', members: ['ada', 'bob'] };
    const support: RoutingQueue = { queueId: 'support', routingMode: 'offer', members: ['ada'] };
    const dir: RoutingDirectory = {
      capacityOf: (agentId) => (agentId === 'ada' ? 3 : 1),
      queuesOf: (agentId) => [sales, support].filter((q) => q.members.includes(agentId)),
      queue: (_, queueId) => [sales, support].find((q) => q.queueId === queueId),
    };
    const arriveIn = (queue: string, id: string, queuedAt: number) => {
      book.apply(id, event('ConversationStarted', { tenantId: TENANT, pageId: 'p1' }), ++position);
      book.apply(id, event('ConversationQueued', { queue, queuedAt }), ++position);
      book.apply(id, event('CustomerMessageReceived', { mid: `m_${id}` }), ++position);
    };
    // Arrival order differs from turn order: the list must be sorted, not read as it was filled.
    arriveIn('sales', 's2', 2000);
    arriveIn('support', 'u1', 1500);
    arriveIn('sales', 's1', 1000);
    arriveIn('support', 'u2', 2500);
    ready(book, 'ada', 5);
    ready(book, 'bob', 6);
    const pass = waitingInTurn(book);
    expect(ids(offersFor(book, dir, 'ada', pass))).toEqual(['s1', 'u1', 's2']);
    expect(ids(offersFor(book, dir, 'bob', pass))).toEqual(['s1']);
    expect(ids(offersFor(book, dir, 'ada'))).toEqual(['s1', 'u1', 's2']);
    // A newcomer's place is its turn in its queue, not its arrival: s1 came last and is first.
    expect(turnOf(pass, TENANT, 'sales', 's1')).toBe(0);
    expect(turnOf(pass, TENANT, 'sales', 's2')).toBe(1);
    expect(turnOf(pass, TENANT, 'sales', 'u1')).toBe(-1);
  });

  it('puts a conversation taken back from an agent ahead of the others', () => {
    const book = new RoutingBook();
    const dir = directory('offer', ['ada', 'bob'], 1);
    arrive(book, 'c1', 1000);
    arrive(book, 'c2', 2000);
    assign(book, 'c1', 'bob');
    const front = { queue: 'sales', queuedAt: 3000, front: true, previousAgentId: 'bob' };
    book.apply('c1', event('ConversationRequeued', front), ++position);
    ready(book, 'ada', 5);
    expect(ids(offersFor(book, dir, 'ada'))).toEqual(['c1']);
  });

  it('counts a reserved slot as taken and hides the reserved chat from offers', () => {
    const book = new RoutingBook();
    const dir = directory('offer', ['ada', 'bob'], 1);
    arrive(book, 'c1', 1000);
    arrive(book, 'c2', 2000);
    ready(book, 'ada', 5);
    ready(book, 'bob', 6);
    book.reserve('ada', 'c1', 7);
    expect(offersFor(book, dir, 'ada')).toEqual([]);
    expect(ids(offersFor(book, dir, 'bob'))).toEqual(['c2']);
    book.release('ada', 'c1');
    expect(ids(offersFor(book, dir, 'bob'))).toEqual(['c1']);
  });

  it('waits for the customer to say something before offering a chat', () => {
    const book = new RoutingBook();
    const dir = directory('offer', ['ada'], 2);
    ready(book, 'ada', 5);
    book.apply('c1', event('ConversationStarted', { tenantId: TENANT, pageId: 'p1' }), ++position);
    book.apply('c1', event('ConversationQueued', { queue: 'sales', queuedAt: 1 }), ++position);
    expect(offersFor(book, dir, 'ada')).toEqual([]);
    const change = book.apply('c1', event('PostbackReceived', { mid: null }), ++position);
    expect(change?.after).toMatchObject({ status: 'queued', spoken: true, position });
    expect(ids(offersFor(book, dir, 'ada'))).toEqual(['c1']);
  });

  it('offers nothing to an agent who is not ready or not connected', () => {
    const book = new RoutingBook();
    const dir = directory('offer', ['ada'], 2);
    arrive(book, 'c1', 1000);
    ready(book, 'ada', 5);
    book.disconnect('ada');
    expect(offersFor(book, dir, 'ada')).toEqual([]);
    book.connect('ada', TENANT);
    book.setReady('ada', false, 6);
    expect(offersFor(book, dir, 'ada')).toEqual([]);
  });
});

describe('auto mode', () => {
  it('gives each waiting chat, in order, to the ready agent who has waited longest', () => {
    const book = new RoutingBook();
    const dir = directory('auto', ['ada', 'bob', 'cy'], 1);
    ready(book, 'bob', 10);
    ready(book, 'ada', 20);
    ready(book, 'cy', 30);
    ['c1', 'c2'].forEach((id, i) => arrive(book, id, 1000 + i));
    expect(autoAssignments(book, dir, TENANT, 'sales', 40)).toEqual([
      { conversationId: 'c1', agentId: 'bob' },
      { conversationId: 'c2', agentId: 'ada' },
    ]);
    expect(book.loadOf('bob')).toBe(1);
    expect(autoAssignments(book, dir, TENANT, 'sales', 41)).toEqual([]);
  });

  it('never exceeds capacity and keeps the rest waiting in order', () => {
    const book = new RoutingBook();
    const dir = directory('auto', ['ada'], 2);
    ready(book, 'ada', 10);
    ['c1', 'c2', 'c3'].forEach((id, i) => arrive(book, id, 1000 + i));
    const first = autoAssignments(book, dir, TENANT, 'sales', 20);
    expect(ids(first)).toEqual(['c1', 'c2']);
    first.forEach((a) => assign(book, a.conversationId, a.agentId));
    expect(book.loadOf('ada')).toBe(2);
    expect(ids(book.waiting(TENANT, 'sales'))).toEqual(['c3']);
    book.apply('c2', event('ChatEndedByCustomer', {}), ++position);
    expect(ids(autoAssignments(book, dir, TENANT, 'sales', 30))).toEqual(['c3']);
  });

  it('ignores an offer queue', () => {
    const book = new RoutingBook();
    ready(book, 'ada', 10);
    arrive(book, 'c1', 1000);
    expect(autoAssignments(book, directory('offer', ['ada']), TENANT, 'sales', 20)).toEqual([]);
  });
});

describe('bounded by live work', () => {
  const end = (book: RoutingBook, id: string) =>
    book.apply(id, event('ConversationClosedByAgent', { agentId: 'ada' }), ++position);

  it('lets an ended conversation go, remembering only the latest few, and ignores its late events', () => {
    const book = new RoutingBook(2);
    ready(book, 'ada', 1);
    for (const id of ['c1', 'c2', 'c3']) {
      arrive(book, id, 1000);
      assign(book, id, 'ada');
      end(book, id);
    }
    expect(book.sizes()).toEqual({
      live: 0,
      recentlyEnded: 2,
      waitingLists: 0,
      waiting: 0,
      holders: 0,
      reservations: 0,
      reservedConversations: 0,
      agents: 1,
    });
    expect(book.conversation('c3')).toMatchObject({ status: 'ended', agentId: 'ada' });
    expect(book.conversation('c1')).toBeUndefined();
    expect(book.apply('c1', event('AgentMessageSent', {}), ++position)).toBeUndefined();
    expect(book.conversation('c1')).toBeUndefined();
  });

  it('forgets an agent once they are gone, not ready and hold nothing, not before', () => {
    const book = new RoutingBook();
    ready(book, 'ada', 1);
    arrive(book, 'c1', 1000);
    assign(book, 'c1', 'ada');
    book.disconnect('ada');
    book.setReady('ada', false, 2);
    expect(book.presence('ada')).toMatchObject({ connected: false, ready: false });
    end(book, 'c1');
    expect(book.presence('ada')).toBeUndefined();
    expect(book.sizes().agents).toBe(0);
  });

  it('restores from its snapshot to a book that folds on exactly like the original', () => {
    const book = new RoutingBook();
    ['c1', 'c2', 'c3', 'c4'].forEach((id, i) => arrive(book, id, 1000 + i));
    assign(book, 'c1', 'ada');
    book.apply(
      'c1',
      event('ConversationRequeued', { queue: 'sales', queuedAt: 9, front: true }),
      ++position,
    );
    assign(book, 'c2', 'bob');
    end(book, 'c3');
    const restored = new RoutingBook();
    restored.restore(JSON.parse(JSON.stringify(book.snapshot())));
    const at = position;
    for (const target of [book, restored]) {
      position = at;
      arrive(target, 'c5', 2000);
      assign(target, 'c1', 'bob');
    }
    expect(restored.snapshot()).toEqual(book.snapshot());
    expect(ids(restored.waiting(TENANT, 'sales'))).toEqual(['c4', 'c5']);
  });
});
