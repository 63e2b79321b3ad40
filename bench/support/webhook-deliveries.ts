import * as fb from '../../test/support/messenger/deliveries';
import { PAGE_ID, SECOND_PAGE_ID, sign } from '../../test/support/messenger/webhooks';

/** A pool of distinct deliveries: new customers, follow-ups, images, receipts, two-page batches. */
export function deliveries(count: number): { body: string; signature: string }[] {
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
