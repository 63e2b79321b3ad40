/**
 * At most one run per key per interval: the first at once, then the latest
 * of a burst when the interval ends. A dashboard needs current figures, not
 * one recomputation per event when hundreds arrive a second.
 */
export class Coalescer {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly pending = new Map<string, () => void>();

  constructor(private readonly intervalMs: number) {}

  run(key: string, action: () => void): void {
    if (this.timers.has(key)) {
      this.pending.set(key, action);
      return;
    }
    action();
    this.arm(key);
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.pending.clear();
  }

  private arm(key: string): void {
    const timer = setTimeout(() => {
      this.timers.delete(key);
      const next = this.pending.get(key);
      if (!next) return;
      this.pending.delete(key);
      this.run(key, next);
    }, this.intervalMs);
    timer.unref();
    this.timers.set(key, timer);
  }
}
