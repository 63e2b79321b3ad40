/**
 * An immutable set that only grows, for a conversation's dedupe keys (every
 * mid it holds): `with` on the newest state of a conversation shares what the
 * state before it holds and adds one entry, where copying the whole set made
 * each message cost as much as the conversation was long. All the views of
 * one lineage share a map in insertion order, each entry with its place in it;
 * a view sees the entries below its size, and the newest view is the one as
 * large as the map. Adding to an older view (a state some fold already moved on from,
 * e.g. a decision that lost its append) copies what that view sees first.
 */
export class GrowingSet<T> implements ReadonlySet<T> {
  readonly #lineage: Map<T, number>;
  readonly #size: number;

  private constructor(lineage: Map<T, number>, size: number) {
    this.#lineage = lineage;
    this.#size = size;
  }

  static empty<T>(): GrowingSet<T> {
    return new GrowingSet<T>(new Map(), 0);
  }

  get size(): number {
    return this.#size;
  }

  has(item: T): boolean {
    const at = this.#lineage.get(item);
    return at !== undefined && at < this.#size;
  }

  /** This set with `item`: itself when it holds it already. */
  with(item: T): GrowingSet<T> {
    if (this.has(item)) return this;
    const lineage = this.#lineage.size === this.#size ? this.#lineage : this.fork();
    lineage.set(item, this.#size);
    return new GrowingSet(lineage, this.#size + 1);
  }

  *values(): SetIterator<T> {
    for (const [item, at] of this.#lineage) {
      // Entries are in insertion order, so the first one past this view ends it.
      if (at >= this.#size) return;
      yield item;
    }
  }

  keys(): SetIterator<T> {
    return this.values();
  }

  *entries(): SetIterator<[T, T]> {
    for (const item of this.values()) yield [item, item];
  }

  [Symbol.iterator](): SetIterator<T> {
    return this.values();
  }

  forEach(callback: (value: T, key: T, set: ReadonlySet<T>) => void, thisArg?: unknown): void {
    for (const item of this.values()) callback.call(thisArg, item, item, this);
  }

  /** A lineage of this view's entries alone, for a view that is no longer the newest. */
  private fork(): Map<T, number> {
    const lineage = new Map<T, number>();
    for (const item of this.values()) lineage.set(item, lineage.size);
    return lineage;
  }
}
