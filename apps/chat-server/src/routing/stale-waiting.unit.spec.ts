import { StaleWaiting } from './stale-waiting';

const QUEUES: Record<string, string[]> = { sales: ['ada', 'bob', 'cy'], care: ['dee'] };
const directory = {
  membersOf: (_tenantId: string, queueId: string) => QUEUES[queueId] ?? [],
  queuesOf: (agentId: string) =>
    Object.entries(QUEUES)
      .filter(([, members]) => members.includes(agentId))
      .map(([queueId]) => ({ queueId }) as never),
};

describe('StaleWaiting: whose waiting count to tell at the end of the turn', () => {
  it('lists a queue once however many changes marked it, and forgets it once taken', () => {
    const stale = new StaleWaiting();
    stale.queue('acme', 'sales');
    stale.queue('acme', 'sales');
    stale.agent('acme', 'dee');
    expect([...stale.take(directory)]).toEqual([
      ['ada', 'acme'],
      ['bob', 'acme'],
      ['cy', 'acme'],
      ['dee', 'acme'],
    ]);
    expect(stale.take(directory).size).toBe(0);
  });

  it('leaves out the acceptor of a hand-out only if no other change of the turn concerned them', () => {
    const stale = new StaleWaiting();
    stale.queue('acme', 'sales', 'ada');
    expect([...stale.take(directory).keys()]).toEqual(['bob', 'cy']);
    stale.queue('acme', 'sales', 'ada');
    stale.queue('acme', 'sales', 'bob');
    expect([...stale.take(directory).keys()]).toEqual(['ada', 'bob', 'cy']);
  });

  it('gives one agent alone before their ack, keeping the rest for the end of the turn', () => {
    const stale = new StaleWaiting();
    stale.queue('acme', 'sales', 'ada');
    expect([...stale.take(directory, 'ada')]).toEqual([]);
    expect([...stale.take(directory, 'dee')]).toEqual([]);
    expect([...stale.take(directory, 'bob')]).toEqual([['bob', 'acme']]);
    expect([...stale.take(directory).keys()]).toEqual(['bob', 'cy']);
  });
});
