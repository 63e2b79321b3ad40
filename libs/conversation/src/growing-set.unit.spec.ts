import { GrowingSet } from './growing-set';

const of = (...items: string[]) =>
  items.reduce((set, item) => set.with(item), GrowingSet.empty<string>());

describe('GrowingSet', () => {
  it('answers as a set, in insertion order, and keeps itself when it holds the item', () => {
    const set = of('a', 'b', 'a', 'c');
    expect(set.size).toBe(3);
    expect([...set]).toEqual(['a', 'b', 'c']);
    expect([...set.keys()]).toEqual(['a', 'b', 'c']);
    expect([...set.entries()]).toEqual([
      ['a', 'a'],
      ['b', 'b'],
      ['c', 'c'],
    ]);
    const seen: string[] = [];
    set.forEach((value, key, whole) => seen.push(`${value}${key}${whole.size}`));
    expect(seen).toEqual(['aa3', 'bb3', 'cc3']);
    expect(set.has('b') && !set.has('d')).toBe(true);
    expect(set.with('b')).toBe(set);
  });

  it('leaves every earlier view as it was', () => {
    const one = of('a');
    const two = one.with('b');
    const three = two.with('c');
    expect([...one]).toEqual(['a']);
    expect(one.has('b') || one.has('c')).toBe(false);
    expect(two.has('c')).toBe(false);
    expect(two.size).toBe(2);
    expect([...three]).toEqual(['a', 'b', 'c']);
  });

  it('adds to a view some other fold moved on from without either seeing the other', () => {
    const base = of('a', 'b');
    const moved = base.with('c');
    const forked = base.with('d');
    expect([...moved]).toEqual(['a', 'b', 'c']);
    expect([...forked]).toEqual(['a', 'b', 'd']);
    expect(forked.has('c') || moved.has('d')).toBe(false);
    // What the other branch added is new to this one: it is added, not taken as held.
    expect([...forked.with('c')]).toEqual(['a', 'b', 'd', 'c']);
    expect([...moved.with('e')]).toEqual(['a', 'b', 'c', 'e']);
    expect([...base]).toEqual(['a', 'b']);
  });
});
