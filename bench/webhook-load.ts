import type autocannon from 'autocannon';
import * as fb from '../test/support/messenger/deliveries';
import { PAGE_ID, SECOND_PAGE_ID, sign } from '../test/support/messenger/webhooks';

/** One signed webhook request body. */
export interface Delivery {
  readonly body: string;
  readonly signature: string;
}

/** A pool of distinct deliveries: new customers, follow-ups, images, receipts, two-page batches. */
export function deliveries(count: number): Delivery[] {
  return Array.from({ length: count }, (_, i) => {
    const psid = `81${String(i % 2_000).padStart(6, '0')}`;
    const t = 1_786_000_000_000 + i;
    const kind = i % 10;
    const body =
      kind < 6
        ? fb.delivery(
            PAGE_ID,
            fb.text(PAGE_ID, psid, `m_b_${i}`, `Hello, question number ${i} about my order`, t),
          )
        : kind < 8
          ? fb.delivery(
              PAGE_ID,
              fb.image(PAGE_ID, psid, `m_b_${i}`, `https://cdn.example/${i}.jpg`, t),
            )
          : kind === 8
            ? fb.delivery(PAGE_ID, fb.read(PAGE_ID, psid, t - 1, t))
            : JSON.stringify({
                object: 'page',
                entry: [PAGE_ID, SECOND_PAGE_ID].map((page) => ({
                  id: page,
                  time: t,
                  messaging: [
                    fb.text(page, psid, `m_b_${i}_${page}`, 'batched', t),
                    fb.text(page, psid, `m_b_${i}_${page}_2`, 'again', t + 1),
                  ],
                })),
              });
    return { body, signature: sign(body) };
  });
}

/**
 * Waits until the server has worked off what the previous step left (its
 * read models are caught up), so one step's backlog does not slow the next.
 */
export async function drained(url: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${url}/ready`);
    // The bare server has no /ready and nothing to drain.
    if (response.status === 403) return;
    const ready = (await response.json()) as {
      details?: { background?: { parts?: { lag: { events: number } | null }[] } };
    };
    // Every background part (reactors, projections, followers) at the log's head.
    const parts = ready.details?.background?.parts;
    const behind = parts === undefined || parts.some((p) => (p.lag?.events ?? 0) > 0);
    if (!behind) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Hands out the pool's deliveries in turn, round and round; one rotation may feed several runs. */
export function rotation(pool: readonly Delivery[]): () => Delivery {
  let next = 0;
  return () => pool[next++ % pool.length]!;
}

/**
 * autocannon's options for signed webhook POSTs at `rate` per second (unlimited when undefined),
 * each request the rotation's next delivery.
 */
export function webhookLoad(
  url: string,
  rate: number | undefined,
  seconds: number,
  nextDelivery: () => Delivery,
): autocannon.Options {
  return {
    url: `${url}/webhooks/messenger`,
    method: 'POST',
    // One connection per ~20 requests/s: more would make autocannon send bursts, measuring its own queueing.
    connections: rate === undefined ? 64 : Math.max(2, Math.min(64, Math.round(rate / 20))),
    duration: seconds,
    overallRate: rate,
    requests: [
      {
        setupRequest: (req) => {
          const d = nextDelivery();
          return {
            ...req,
            method: 'POST',
            body: d.body,
            headers: { 'content-type': 'application/json', 'x-hub-signature-256': d.signature },
          };
        },
      },
    ],
  };
}
