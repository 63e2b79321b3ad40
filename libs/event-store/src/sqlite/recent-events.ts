import type { RecordedEvent } from '../event';

export interface Written {
  readonly globalPosition: number;
  /** Kept beside the lazy event so a filtered read can pass over it without decoding it. */
  readonly type: string;
  readonly streamName: string;
  /** Decodes on first use and remembers: writers pay nothing, readers share one decode. */
  readonly event: () => RecordedEvent;
  /** Size of its JSON, to bound the window by memory as well as by count. */
  readonly bytes: number;
}

/**
 * The newest events of the log, decoded once: what this handle just committed
 * and what a subscriber read from the file up to its end (another thread's or
 * process's commits). Every subscriber used to re-read and re-decode each new
 * event from SQLite; live subscribers now share these. The window only
 * answers when it can vouch that nothing is missing: it holds an unbroken run
 * of positions, and a gap restarts it, so reads before it go to SQLite.
 * Events are shared between subscribers: they are read-only.
 */
export class RecentEvents {
  private entries: Written[] = [];
  private bytes = 0;

  constructor(
    private readonly maxEvents = 10_000,
    private readonly maxBytes = 32 * 1024 * 1024,
  ) {}

  /**
   * Events in log order: this process's commits, or what a read from the file
   * found up to its end. A jump in positions means another writer owns the
   * missing ones, so the window starts again from there.
   */
  add(written: readonly Written[]): void {
    for (const w of written) this.push(w);
    if (this.entries.length > 2 * this.maxEvents || this.bytes > this.maxBytes) this.shrink();
  }

  /**
   * What a read found from the first of `written` to the file's end: the
   * window starts again with it unless it already reaches back that far (then
   * it only takes what is past its end).
   */
  cover(written: readonly Written[]): void {
    const first = this.entries[0]?.globalPosition;
    if (first === undefined || (written[0] && written[0].globalPosition < first)) this.clear();
    this.add(written);
  }

  /** Up to `max` events after `after`, or undefined when the window cannot answer for that range. */
  after(after: number | undefined, max: number): RecordedEvent[] | undefined {
    const first = this.entries[0]?.globalPosition;
    const last = this.entries[this.entries.length - 1]?.globalPosition;
    const from = (after ?? 0) + 1;
    if (first === undefined || last === undefined || from < first || from > last) return undefined;
    const start = from - first;
    return this.entries.slice(start, start + max).map((w) => w.event());
  }

  /**
   * Matching events after `after` (at most `max`) and how far the window was
   * read for them, or undefined when the window cannot answer for that range.
   */
  matching(
    after: number | undefined,
    max: number,
    matches: (w: Written) => boolean,
  ): { events: RecordedEvent[]; readTo: number } | undefined {
    const first = this.entries[0]?.globalPosition;
    const last = this.entries[this.entries.length - 1]?.globalPosition;
    const from = (after ?? 0) + 1;
    if (first === undefined || last === undefined || from < first || from > last) return undefined;
    const events: RecordedEvent[] = [];
    for (let i = from - first; i < this.entries.length; i++) {
      const w = this.entries[i]!;
      if (!matches(w)) continue;
      events.push(w.event());
      if (events.length === max) return { events, readTo: w.globalPosition };
    }
    return { events, readTo: last };
  }

  private push(w: Written): void {
    const last = this.entries[this.entries.length - 1]?.globalPosition;
    if (last !== undefined && w.globalPosition <= last) return;
    if (last !== undefined && w.globalPosition !== last + 1) this.clear();
    this.entries.push(w);
    this.bytes += w.bytes;
  }

  clear(): void {
    this.entries = [];
    this.bytes = 0;
  }

  private shrink(): void {
    let keep = Math.min(this.entries.length, this.maxEvents);
    let bytes = 0;
    for (let i = this.entries.length - 1; i >= this.entries.length - keep; i--) {
      bytes += this.entries[i]!.bytes;
      if (bytes > this.maxBytes / 2) {
        keep = this.entries.length - 1 - i;
        bytes -= this.entries[i]!.bytes;
        break;
      }
    }
    this.entries = this.entries.slice(this.entries.length - keep);
    this.bytes = bytes;
  }
}
