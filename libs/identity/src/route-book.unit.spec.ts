import { Routes } from './route-book';

describe('Routes: a shared book whose every view stays as it was', () => {
  it('a view sees what was routed before it, never what was routed after', () => {
    const empty = Routes.empty();
    const one = empty.with('mid:m1', 'c1');
    const two = one.with('mid:m2', 'c1');
    expect(empty.get('mid:m1')).toBeUndefined();
    expect(one.get('mid:m1')).toBe('c1');
    expect(one.get('mid:m2')).toBeUndefined();
    expect(two.get('mid:m2')).toBe('c1');
  });

  it('an older view evolved again forks: neither branch sees the other', () => {
    const base = Routes.empty().with('mid:m1', 'c1');
    const left = base.with('mid:m2', 'c1');
    const right = base.with('mid:m3', 'c2');
    expect(left.get('mid:m3')).toBeUndefined();
    expect(right.get('mid:m2')).toBeUndefined();
    expect(right.get('mid:m3')).toBe('c2');
    expect(left.with('mid:m4', 'c1').get('mid:m2')).toBe('c1');
  });

  it('a key routed on (its conversation ended before it landed) reads the newer route, the older view the older one', () => {
    const first = Routes.empty().with('mid:m1', 'c1');
    const onward = first.with('mid:m1', 'c2');
    expect(first.get('mid:m1')).toBe('c1');
    expect(onward.get('mid:m1')).toBe('c2');
  });
});
