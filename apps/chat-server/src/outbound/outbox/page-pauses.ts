import { setTimeout as sleep } from 'node:timers/promises';

/**
 * When Facebook throttles a page (codes 4, 17, 32, 613, 80006 or usage
 * headers at their limit), every lane of that page holds back, not only the
 * one that was told. Pacing only: the retry schedule itself is in the events.
 */
export class PagePauses {
  private readonly until = new Map<string, number>();

  pause(pageId: string, ms: number): void {
    if (ms <= 0) return;
    this.until.set(pageId, Math.max(this.until.get(pageId) ?? 0, Date.now() + ms));
  }

  async wait(pageId: string, signal: AbortSignal): Promise<void> {
    for (;;) {
      const left = (this.until.get(pageId) ?? 0) - Date.now();
      if (left <= 0) return;
      await sleep(left, undefined, { signal });
    }
  }
}
