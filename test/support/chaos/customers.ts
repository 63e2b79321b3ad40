import type { FakeGraphServer } from '../fake-graph/fake-graph-server';
import * as fb from '../messenger/deliveries';
import { PAGE_ID, postWebhook } from '../messenger/webhooks';
import { sleep, type Endpoint } from './live-server';

/** One conversation as the customer lived it: every message Facebook got a 200 for, in order. */
export interface Session {
  readonly psid: string;
  readonly acknowledged: string[];
}

/** A session's last message ends with this word; the agent closes the chat once it is answered. */
export const LAST_WORD = ' bye';
export const replyTo = (text: string) => `re: ${text}`;

/**
 * A customer writes up to `perSession` messages per conversation, each after
 * the agent's answer to the previous one reached Facebook, and starts new
 * conversations (a new PSID) until `until`. Like Facebook, it redelivers a
 * message until it gets a 200, whatever the server went through meanwhile.
 */
export async function customer(
  index: number,
  server: Endpoint,
  graph: FakeGraphServer,
  options: { until: number; perSession: number },
): Promise<Session[]> {
  const sessions: Session[] = [];
  await sleep(Math.random() * 3_000);
  for (let s = 0; s === 0 || Date.now() < options.until; s++) {
    const session: Session = { psid: `88${String(index).padStart(3, '0')}${s}`, acknowledged: [] };
    sessions.push(session);
    for (let n = 0; ; n++) {
      const last = n === options.perSession - 1 || Date.now() >= options.until;
      const text = `${session.psid} #${n}${last ? LAST_WORD : ''}`;
      const mid = `m_chaos_${session.psid}_${n}`;
      await deliver(
        server,
        fb.delivery(PAGE_ID, fb.text(PAGE_ID, session.psid, mid, text, Date.now())),
      );
      session.acknowledged.push(mid);
      if (last) break;
      await answered(graph, session.psid, replyTo(text), options.until);
      await sleep(100 + Math.random() * 900);
    }
  }
  return sessions;
}

async function deliver(server: Endpoint, body: string): Promise<void> {
  for (;;) {
    const url = server.url;
    const status = url
      ? await postWebhook(url, body).then(
          (r) => r.status,
          () => 0,
        )
      : 0;
    if (status === 200) return;
    await sleep(100);
  }
}

/** Waits for the agent's answer at the Send API, or gives up at `until` (the customer then says bye). */
async function answered(graph: FakeGraphServer, psid: string, text: string, until: number) {
  const arrived = () =>
    graph.requestsTo('/me/messages').some((r) => {
      const body = r.body as { recipient?: { id?: string }; message?: { text?: string } };
      return body.recipient?.id === psid && body.message?.text === text;
    });
  while (!arrived() && Date.now() < until) await sleep(200);
}
