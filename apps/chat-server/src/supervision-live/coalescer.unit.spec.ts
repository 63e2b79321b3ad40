import { Coalescer } from './coalescer';

describe('Coalescer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs the first at once and only the latest of a burst when the interval ends', () => {
    const coalescer = new Coalescer(200);
    const runs: string[] = [];
    for (const n of ['1', '2', '3']) coalescer.run('queue-a', () => runs.push(n));
    coalescer.run('queue-b', () => runs.push('b'));
    expect(runs).toEqual(['1', 'b']);
    jest.advanceTimersByTime(200);
    expect(runs).toEqual(['1', 'b', '3']);
    jest.advanceTimersByTime(1_000);
    expect(runs).toEqual(['1', 'b', '3']);
    coalescer.run('queue-a', () => runs.push('4'));
    expect(runs).toEqual(['1', 'b', '3', '4']);
  });

  it('drops what is pending when stopped', () => {
    const coalescer = new Coalescer(200);
    const runs: string[] = [];
    coalescer.run('q', () => runs.push('1'));
    coalescer.run('q', () => runs.push('2'));
    coalescer.stop();
    jest.advanceTimersByTime(1_000);
    expect(runs).toEqual(['1']);
  });
});
