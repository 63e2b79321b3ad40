import type { JsonBody } from '../auth';
import { ResyncCheck, seenOn } from './resync';

const message = (conversationId: string, messageId: string, position: number) => ({
  name: 'chat:message',
  payload: { conversationId, messageId, position, author: 'customer', text: messageId },
});

/** A connection that got `pushes` and will get `later` after the sync. */
function connection(pushes: JsonBody[], later: JsonBody[] = []) {
  return {
    all: (name: string) => pushes.filter((p) => p.name === name).map((p) => p.payload),
    next: async (name: string, matches: (p: JsonBody) => boolean = () => true) => {
      const found = later.find((p) => p.name === name && matches(p.payload));
      if (!found) throw new Error(`no ${name}`);
      return found.payload;
    },
  };
}

const sync = (position: number, chats: Record<string, JsonBody[]>) => ({
  position,
  chats: Object.entries(chats).map(([conversationId, events]) => ({ conversationId, events })),
});

/** Before the move: c1 with m1 (from sync) and m2 (pushed), the agent's own send a1 acknowledged. */
const before = seenOn(
  connection([message('c1', 'm2', 20)]),
  sync(10, { c1: [message('c1', 'm1', 8)] }),
);
const acked = new Map([['c1', ['a1']]]);
const agentSend = {
  ...message('c1', 'a1', 22),
  payload: { ...message('c1', 'a1', 22).payload, author: 'agent' },
};

async function check(after: JsonBody, later: JsonBody[] = [], closing = new Set<string>()) {
  const resync = new ResyncCheck(50);
  await resync.compare('ada', before, acked, closing, connection([], later), after);
  return resync.gaps;
}

describe('the check of a sync after a move to another node', () => {
  it('passes a sync with every message the desk had, in log order', async () => {
    expect(
      await check(sync(30, { c1: [message('c1', 'm1', 8), message('c1', 'm2', 20), agentSend] })),
    ).toEqual([]);
  });

  it('passes when what lies past the new sync position comes as a push', async () => {
    expect(
      await check(sync(15, { c1: [message('c1', 'm1', 8)] }), [message('c1', 'm2', 20), agentSend]),
    ).toEqual([]);
  });

  it('names a message missing from the sync although it lies below its position', async () => {
    expect(await check(sync(30, { c1: [message('c1', 'm1', 8), agentSend] }))).toEqual([
      'ada: m2 (position 20) missing from sync at 30',
    ]);
  });

  it('names an acknowledged send that is neither in the sync nor pushed after it', async () => {
    expect(
      await check(sync(30, { c1: [message('c1', 'm1', 8), message('c1', 'm2', 20)] })),
    ).toEqual(['ada: a1 neither in sync at 30 nor pushed after']);
  });

  it('names a chat missing from the sync, unless the desk had asked to close it', async () => {
    expect(await check(sync(30, {}))).toEqual(['ada: chat c1 missing from sync at 30']);
    expect(await check(sync(30, {}), [], new Set(['c1']))).toEqual([]);
  });

  it('names a message at another position and a chat out of log order', async () => {
    expect(
      await check(sync(30, { c1: [message('c1', 'm2', 21), message('c1', 'm1', 8), agentSend] })),
    ).toEqual(['ada: chat c1 out of log order: 21,8,22', 'ada: m2 at 21 in sync, was 20']);
  });
});
