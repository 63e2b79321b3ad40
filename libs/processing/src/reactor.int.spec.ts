import { testEvent } from '@pagedesk/event-store/testing/events';
import { laneOf, useReactorHarness } from './testing/reactor-harness';

describe('Reactor', () => {
  const h = useReactorHarness(() => true);
  const { append, start } = h;

  it('with a filter sees only its events, and its checkpoint still moves past the others', async () => {
    await append('wanted', 2);
    await append('other', 30);
    const handled: string[] = [];
    const reactor = start({
      filter: { categories: ['lane'] },
      accepts: (e) => e.streamName === 'lane-wanted',
      handle: async (e) => void handled.push(e.streamName),
    });
    await reactor.settled();
    await h.store.appendToStream('unrelated-1', [testEvent()], { expectedRevision: 'any' });
    await reactor.settled();
    expect(handled).toEqual(['lane-wanted', 'lane-wanted']);
    expect(reactor.status().position).toBe(33);
    expect(h.checkpoints.get('test')).toBe(33);
  });

  it('with a filter moves past what its own handler appended as soon as the handler is done', async () => {
    await append('wanted', 1);
    let handled = 0;
    const reactor = start({
      filter: { categories: ['lane'] },
      laneOf,
      concurrency: 4,
      handle: async (e) => {
        // Left out by the filter, committed while the event is still in flight.
        await h.store.appendToStream(`unrelated-${e.id}`, [testEvent()], {
          expectedRevision: 'any',
        });
        handled += 1;
      },
    });
    await waitUntil(() => handled === 1);
    // The commit's wake-up and the lane's end are callbacks already queued, not a wait for a timer:
    // without carrying the subscription's report over the in-flight event, the position stayed at
    // the handled event until the subscription's next poll, a second later.
    for (let turn = 0; turn < 3; turn++) await new Promise((r) => setImmediate(r));
    expect(reactor.status().position).toBe(await h.store.headPosition());
  });

  it('keeps the checkpoint behind an unfinished event while later lanes finish', async () => {
    await append('slow', 1);
    await append('fast', 5);
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const handled: string[] = [];
    const reactor = start({
      laneOf,
      concurrency: 8,
      handle: async (e) => {
        if (e.streamName === 'lane-slow') await blocked;
        handled.push(`${e.streamName}:${e.revision}`);
      },
    });
    await waitUntil(() => handled.length === 5);
    const [first] = await h.store.readAll({ maxCount: 1 });
    expect(reactor.status().position).toBeUndefined();
    expect(h.checkpoints.get('test')).toBeUndefined();
    release();
    await reactor.settled();
    expect(h.checkpoints.get('test')).toBe(await h.store.headPosition());
    expect(handled).toContain('lane-slow:0');
    expect(first!.streamName).toBe('lane-slow');
  });

  it('handles the events of one lane in log order, lanes side by side', async () => {
    await append('a', 20);
    await append('b', 20);
    const seen = new Map<string, number[]>();
    let concurrent = 0;
    let maxConcurrent = 0;
    const reactor = start({
      laneOf,
      concurrency: 4,
      handle: async (e) => {
        concurrent += 1;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await new Promise((r) => setTimeout(r, Math.random() * 3));
        seen.set(e.streamName, [...(seen.get(e.streamName) ?? []), e.revision]);
        concurrent -= 1;
      },
    });
    await reactor.settled();
    const inOrder = Array.from({ length: 20 }, (_, i) => i);
    expect(seen.get('lane-a')).toEqual(inOrder);
    expect(seen.get('lane-b')).toEqual(inOrder);
    expect(maxConcurrent).toBe(2);
  });

  it('runs an event of two lanes after the earlier events of both and before the later ones of both', async () => {
    await append('a', 1);
    await append('b', 1);
    await h.store.appendToStream('lane-a+b', [testEvent({ i: 0 })], { expectedRevision: 'any' });
    await append('a', 1);
    await append('b', 1);
    await append('c', 1);
    const started: string[] = [];
    const finished: string[] = [];
    let releaseB0!: () => void;
    const b0 = new Promise<void>((resolve) => (releaseB0 = resolve));
    const reactor = start({
      laneOf: (e) => (e.streamName === 'lane-a+b' ? ['lane-a', 'lane-b'] : e.streamName),
      concurrency: 8,
      handle: async (e) => {
        const name = `${e.streamName}:${e.revision}`;
        started.push(name);
        // b's first event is slow: the joined event must wait for it, a's second must wait for the joined one.
        if (name === 'lane-b:0') await b0;
        finished.push(name);
      },
    });
    try {
      await waitUntil(() => finished.includes('lane-c:0'));
      expect(started).not.toContain('lane-a+b:0');
      expect(started).not.toContain('lane-a:1');
    } finally {
      releaseB0();
    }
    await reactor.settled();
    const at = (name: string) => finished.indexOf(name);
    expect(at('lane-a+b:0')).toBeGreaterThan(at('lane-a:0'));
    expect(at('lane-a+b:0')).toBeGreaterThan(at('lane-b:0'));
    expect(at('lane-a:1')).toBeGreaterThan(at('lane-a+b:0'));
    expect(at('lane-b:1')).toBeGreaterThan(at('lane-a+b:0'));
  });

  it('after a restart resumes from the checkpoint, seeing only unfinished events again', async () => {
    await append('a', 4);
    const first: number[] = [];
    const before = start({ handle: async (e) => void first.push(e.revision) });
    await before.settled();
    await before.stop();
    await append('a', 2);
    const second: number[] = [];
    await start({ handle: async (e) => void second.push(e.revision) }).settled();
    expect(first).toEqual([0, 1, 2, 3]);
    expect(second).toEqual([4, 5]);
  });

  it('saves what it kept per batch before the checkpoint passes it; a failed save holds the checkpoint back', async () => {
    await append('a', 3);
    const unsaved: number[] = [];
    const saved: number[] = [];
    const checkpointWhenSaved: (number | undefined)[] = [];
    let failing = true;
    const reactor = start({
      handle: async (e) => void unsaved.push(e.revision),
      beforeCheckpoint: () => {
        if (failing) throw new Error('read-model database is busy');
        // What the batch vouches for is saved before the checkpoint moves past it.
        checkpointWhenSaved.push(h.checkpoints.get('test'));
        saved.push(...unsaved.splice(0));
      },
    });
    await reactor.settled();
    expect(h.checkpoints.get('test')).toBeUndefined();
    expect(reactor.status().lastError?.message).toContain('busy');
    failing = false;
    await reactor.settled();
    expect(saved).toEqual([0, 1, 2]);
    expect(checkpointWhenSaved[0]).toBeUndefined();
    expect(h.checkpoints.get('test')).toBe(await h.store.headPosition());
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error('condition not met');
}
