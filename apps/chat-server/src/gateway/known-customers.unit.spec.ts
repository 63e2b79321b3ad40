import { KnownCustomers } from './known-customers';

describe('known customers', () => {
  it('recalls the latest profile per page and customer, forgetting the least recently seen past its bound', () => {
    const known = new KnownCustomers(2);
    known.remember('p1', 'a', { name: 'Ann', pictureUrl: null });
    known.remember('p2', 'a', { name: 'Other page', pictureUrl: null });
    expect(known.recall('p1', 'a')?.name).toBe('Ann');
    known.remember('p1', 'a', { name: 'Ann B', pictureUrl: 'https://x/a.jpg' });
    known.remember('p1', 'b', { name: 'Bo', pictureUrl: null });
    // p2/a was seen least recently: it goes first.
    expect(known.size).toBe(2);
    expect(known.recall('p2', 'a')).toBeUndefined();
    expect(known.recall('p1', 'a')).toEqual({ name: 'Ann B', pictureUrl: 'https://x/a.jpg' });
    const restored = new KnownCustomers(2);
    restored.restore(JSON.parse(JSON.stringify(known.snapshot())));
    expect(restored.recall('p1', 'b')?.name).toBe('Bo');
  });
});
