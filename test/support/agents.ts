import { AGENT_PUSH_BATCH, type BatchedPush } from '@pagedesk/contracts';
import { io, type Socket } from 'socket.io-client';
import { ADMIN_EMAIL, ADMIN_PASSWORD, api, login, type JsonBody } from './auth';
import * as fb from './messenger/deliveries';
import { PAGE_ID, postWebhook } from './messenger/webhooks';

export const AGENT_PASSWORD = 'agent passphrase 1234';

export interface TestAgent {
  readonly userId: string;
  readonly email: string;
  readonly token: string;
}

/** Creates agents and the `default` queue (where MESSENGER_CONFIG pages route) with them as members. */
export async function setUpQueue(
  url: string,
  options: {
    agents: number;
    routingMode: 'offer' | 'auto';
    maxChats?: number;
    prefix?: string;
    admin?: { email: string; password: string };
  },
): Promise<{ admin: string; agents: TestAgent[] }> {
  const credentials = options.admin ?? { email: ADMIN_EMAIL, password: ADMIN_PASSWORD };
  const admin = await login(url, credentials.email, credentials.password);
  const call = api(url, admin);
  const prefix = options.prefix ?? 'agent';
  const agents: TestAgent[] = [];
  for (let i = 0; i < options.agents; i++) {
    const email = `${prefix}${i}@acme.test`;
    const created = await call('POST', '/api/users', {
      email,
      password: AGENT_PASSWORD,
      displayName: `Agent ${i}`,
      role: 'agent',
      ...(options.maxChats === undefined ? {} : { maxChats: options.maxChats }),
    });
    if (created.status !== 201) throw new Error(`user: ${JSON.stringify(created.body)}`);
    agents.push({
      userId: created.body.userId,
      email,
      token: await login(url, email, AGENT_PASSWORD),
    });
  }
  const queue = await call('POST', '/api/queues', {
    queueId: 'default',
    name: 'Default',
    routingMode: options.routingMode,
    members: agents.map((a) => a.userId),
  });
  if (queue.status !== 201) throw new Error(`queue: ${JSON.stringify(queue.body)}`);
  return { admin, agents };
}

let time = Date.now();

/** A text from a customer through the signed webhook (a new PSID starts a new chat); returns its mid. */
export async function customerWrites(
  url: string,
  psid: string,
  text = 'hello?',
  pageId = PAGE_ID,
): Promise<string> {
  const at = ++time;
  const mid = `m_${psid}_${at}`;
  const response = await postWebhook(
    url,
    fb.delivery(pageId, fb.text(pageId, psid, mid, text, at)),
  );
  if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
  return mid;
}

export interface Received {
  readonly name: string;
  readonly payload: JsonBody;
}

/**
 * A socket.io client that records every push, so a test can wait for one and look back at all.
 * The pushes of a batch (`pushes`, docs/socket-contract.md) are recorded one by one, in order.
 */
export class AgentClient {
  readonly received: Received[] = [];
  private waiters: (() => void)[] = [];
  private readonly handlers = new Map<string, ((payload: JsonBody) => void)[]>();

  private constructor(readonly socket: Socket) {
    socket.onAny((name: string, payload: JsonBody) => {
      const pushes: readonly Received[] =
        name === AGENT_PUSH_BATCH ? (payload as BatchedPush[]) : [{ name, payload }];
      for (const push of pushes) {
        this.received.push(push);
        for (const handle of this.handlers.get(push.name) ?? []) handle(push.payload);
      }
      const waiting = this.waiters;
      this.waiters = [];
      for (const wake of waiting) wake();
    });
  }

  /** Calls `handle` with each push of this name as it arrives, alone or in a batch. */
  on(name: string, handle: (payload: JsonBody) => void): void {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), handle]);
  }

  static connect(
    url: string,
    token: string | undefined,
    namespace = '/agent',
  ): Promise<AgentClient> {
    const socket = io(`${url}${namespace}`, {
      auth: token === undefined ? {} : { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(new AgentClient(socket)));
      socket.once('connect_error', (error: Error & { data?: unknown }) => {
        socket.close();
        reject(error);
      });
    });
  }

  /** Emits with an ack and returns the ack. */
  request(event: string, payload?: unknown): Promise<JsonBody> {
    return payload === undefined
      ? this.socket.timeout(10_000).emitWithAck(event)
      : this.socket.timeout(10_000).emitWithAck(event, payload);
  }

  /** The first push (already received or still to come) that matches. */
  async next(
    name: string,
    matches: (payload: JsonBody) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<JsonBody> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find((r) => r.name === name && matches(r.payload));
      if (found) return found.payload;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `no ${name} within ${timeoutMs} ms; got ${JSON.stringify(this.received.map((r) => r.name))}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  all(name: string): JsonBody[] {
    return this.received.filter((r) => r.name === name).map((r) => r.payload);
  }

  close(): void {
    this.socket.close();
  }
}

/** Waits briefly to show that something does NOT arrive. */
export const quietFor = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
