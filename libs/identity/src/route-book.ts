interface Entry {
  readonly conversationId: string;
  /** Its place in the book: a view of the first `size` entries sees it when at < size. */
  readonly at: number;
}

/**
 * Every route an identity recorded (update key → conversation), as seen by one
 * state. States are shared (the cache keeps them) and must never change, yet
 * copying a map at each routed update would make folding a long stream
 * quadratic. So views share one book: a view that is the book's newest writes
 * in place (each fold step, almost always), an older view that is evolved
 * again (a decision that lost a race) copies first. A view only sees the
 * entries written before it, so what a state says never changes.
 */
export class Routes {
  private constructor(
    private readonly book: { entries: Map<string, Entry[]>; length: number },
    private readonly size: number,
  ) {}

  static empty(): Routes {
    return new Routes({ entries: new Map(), length: 0 }, 0);
  }

  get(key: string): string | undefined {
    const entries = this.book.entries.get(key);
    if (!entries) return undefined;
    for (let i = entries.length - 1; i >= 0; i--)
      if (entries[i]!.at < this.size) return entries[i]!.conversationId;
    return undefined;
  }

  with(key: string, conversationId: string): Routes {
    const book = this.book.length === this.size ? this.book : this.copy();
    const entry = { conversationId, at: this.size };
    book.entries.set(key, [...(book.entries.get(key) ?? []), entry]);
    book.length = this.size + 1;
    return new Routes(book, this.size + 1);
  }

  private copy(): { entries: Map<string, Entry[]>; length: number } {
    const entries = new Map<string, Entry[]>();
    for (const [key, list] of this.book.entries) {
      const seen = list.filter((e) => e.at < this.size);
      if (seen.length > 0) entries.set(key, seen);
    }
    return { entries, length: this.size };
  }
}
