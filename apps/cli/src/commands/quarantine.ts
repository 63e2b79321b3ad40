import { randomUUID } from 'node:crypto';
import type { EventStore } from '@pagedesk/event-store';
import {
  isQuarantineEvent,
  QuarantineBook,
  requestRetry,
  type QuarantinedItem,
} from '@pagedesk/processing';
import { CliUsageError } from '../cli-context';

const PAGE = 1_000;

/** Every reactor's dead-letter stream, folded from the log (all tenants: the CLI runs the deployment). */
export async function readQuarantineBook(store: EventStore): Promise<QuarantineBook> {
  const book = new QuarantineBook();
  let after: number | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: PAGE });
    for (const event of page) if (isQuarantineEvent(event)) book.apply(event);
    if (page.length < PAGE) return book;
    after = page[page.length - 1]!.globalPosition;
  }
}

export function findItem(book: QuarantineBook, quarantineId: string): QuarantinedItem {
  const item = book.get(quarantineId);
  if (!item) throw new CliUsageError(`no quarantined item ${quarantineId}`);
  return item;
}

/**
 * Asks for a retry of each item still quarantined: the running server's
 * reactor applies it with its current code and records the outcome
 * (`quarantine show` then says released or the new error). Released items
 * are left alone, so asking twice applies nothing twice.
 */
export async function retryItems(
  store: EventStore,
  items: readonly QuarantinedItem[],
): Promise<{ requested: number; alreadyReleased: number }> {
  const requestId = randomUUID();
  let requested = 0;
  for (const item of items) {
    if (item.status !== 'quarantined') continue;
    await requestRetry(store, item, 'cli', requestId);
    requested += 1;
  }
  return { requested, alreadyReleased: items.length - requested };
}

export function formatItems(items: readonly QuarantinedItem[]): string {
  if (items.length === 0) return 'nothing quarantined\n';
  const rows = items.map((i) =>
    [
      i.quarantineId,
      i.status,
      i.reactor,
      i.tenantId ?? '-',
      i.item === null ? '-' : String(i.item),
      i.reason,
      i.error.slice(0, 80),
    ].join('  '),
  );
  return `${['id', 'status', 'reactor', 'tenant', 'item', 'reason', 'error'].join('  ')}\n${rows.join('\n')}\n`;
}
