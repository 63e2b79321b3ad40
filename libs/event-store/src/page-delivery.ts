import type { EventHandler, SubscribeToAllOptions } from './event';
import type { Page } from './sqlite/sqlite-subscription';

/** What a pull subscription's loop and its `stop()` share while a page is handed over. */
export interface DeliveryState {
  readonly stopped: boolean;
  /** True while the handler runs: a stop from inside it must not await the loop it is in. */
  delivering: boolean;
}

/**
 * The steps both stores' subscriptions take with each page they read after their own last
 * position (so catch-up and live are one loop): hand its events to the handler in order, move
 * past events the filter left out so the subscriber's checkpoint can follow, say when the log's
 * end is reached. Answers the position reached, or `stopped` once the subscription was stopped.
 */
export async function deliverPage(
  page: Page,
  from: number | undefined,
  handler: EventHandler,
  options: SubscribeToAllOptions,
  state: DeliveryState,
): Promise<{ position: number | undefined } | 'stopped'> {
  let position = from;
  for (const event of page.events) {
    if (state.stopped) return 'stopped';
    state.delivering = true;
    try {
      await handler(event);
    } finally {
      state.delivering = false;
    }
    position = event.globalPosition;
  }
  if (state.stopped) return 'stopped';
  if (page.readTo !== undefined && page.readTo > (position ?? 0)) {
    position = page.readTo;
    options.onProgress?.(position);
  }
  if (page.end) options.onCaughtUp?.(position);
  return { position };
}
