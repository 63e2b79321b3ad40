import type { Logger } from '@nestjs/common';
import type { BatchedPush } from '@pagedesk/contracts';
import { AgentOutbox } from './agent-outbox';

const turnEnds = () => new Promise((resolve) => setImmediate(resolve));

describe('AgentOutbox', () => {
  let sent: { rooms: string[]; batch: readonly BatchedPush[] }[];
  let outbox: AgentOutbox;
  const logger = { error: jest.fn() } as unknown as Logger;
  beforeEach(() => {
    sent = [];
    outbox = new AgentOutbox((rooms, batch) => sent.push({ rooms, batch }), logger);
  });

  const waiting = (n: number): BatchedPush => ({
    name: 'agent:waiting',
    payload: { waiting: n, position: n },
  });

  it('sends the pushes of a turn to each room once, in the order they were made', async () => {
    outbox.push('a', waiting(1));
    outbox.push('b', waiting(2));
    outbox.push('a', waiting(3));
    expect(sent).toEqual([]);
    await turnEnds();
    expect(sent).toEqual([
      { rooms: ['a'], batch: [waiting(1), waiting(3)] },
      { rooms: ['b'], batch: [waiting(2)] },
    ]);
  });

  it('sends one batch to all the rooms given the same shared pushes, so it is encoded once', async () => {
    const offer = () => outbox.shared('offer c1', () => waiting(7));
    for (const room of ['a', 'b', 'c']) outbox.push(room, offer());
    outbox.push('c', waiting(8));
    await turnEnds();
    expect(sent).toEqual([
      { rooms: ['a', 'b'], batch: [waiting(7)] },
      { rooms: ['c'], batch: [waiting(7), waiting(8)] },
    ]);
  });

  it('makes a shared push again once what it was made from changed', async () => {
    let made = 0;
    const make = () => ({ ...waiting(++made) });
    outbox.push('a', outbox.shared('k', make));
    outbox.forget();
    outbox.push('b', outbox.shared('k', make));
    await turnEnds();
    expect(sent.map((s) => s.batch)).toEqual([[waiting(1)], [waiting(2)]]);
  });

  it('sends at once on flush (before an ack), and nothing twice at the end of the turn', async () => {
    outbox.push('a', waiting(1));
    outbox.flush();
    expect(sent).toEqual([{ rooms: ['a'], batch: [waiting(1)] }]);
    await turnEnds();
    expect(sent).toHaveLength(1);
  });

  it('a room that cannot be sent to does not keep the others from theirs', async () => {
    outbox = new AgentOutbox((rooms, batch) => {
      if (rooms.includes('bad')) throw new Error('socket gone');
      sent.push({ rooms, batch });
    }, logger);
    outbox.push('bad', waiting(1));
    outbox.push('good', waiting(2));
    await turnEnds();
    expect(sent).toEqual([{ rooms: ['good'], batch: [waiting(2)] }]);
    expect(logger.error).toHaveBeenCalled();
  });

  it("sends one room's pushes at once before its ack; the other rooms wait for the turn's end", async () => {
    outbox.push('a', waiting(1));
    outbox.push('b', waiting(2));
    outbox.flushRoom('a');
    expect(sent).toEqual([{ rooms: ['a'], batch: [waiting(1)] }]);
    await turnEnds();
    expect(sent).toEqual([
      { rooms: ['a'], batch: [waiting(1)] },
      { rooms: ['b'], batch: [waiting(2)] },
    ]);
  });
});
