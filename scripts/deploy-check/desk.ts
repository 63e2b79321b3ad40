import { io, type Socket } from 'socket.io-client';
import { AGENT_PUSH_BATCH, type BatchedPush } from '@pagedesk/contracts';
import type { JsonBody } from '../../test/support/auth';

/**
 * An agent's socket.io client as the desktop opens it: polling first, then
 * the upgrade to a websocket, which only happens when the balancer passes
 * `Upgrade`/`Connection` through. Records every push, those of a batch
 * (`pushes`, docs/socket-contract.md) one by one, in order.
 */
export class Desk {
  readonly pushes: { name: string; payload: JsonBody }[] = [];

  private constructor(readonly socket: Socket) {
    socket.onAny((name: string, payload: JsonBody) =>
      this.pushes.push(
        ...(name === AGENT_PUSH_BATCH ? (payload as BatchedPush[]) : [{ name, payload }]),
      ),
    );
  }

  /** Connects and waits for the upgrade; throws when it does not happen within 5 s. */
  static async open(baseUrl: string, token: string): Promise<Desk> {
    const socket = io(`${baseUrl}/agent`, { auth: { token }, reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) => reject(error));
    });
    const engine = socket.io.engine;
    if (engine.transport.name !== 'websocket') {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`no websocket upgrade through nginx (still ${engine.transport.name})`),
            ),
          5_000,
        );
        engine.once('upgrade', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (engine.transport.name !== 'websocket')
      throw new Error(`socket.io transport is ${engine.transport.name}, not websocket`);
    return new Desk(socket);
  }

  get transport(): string {
    return this.socket.io.engine.transport.name;
  }

  async request(event: string, payload: unknown): Promise<JsonBody> {
    const ack = (await this.socket.timeout(10_000).emitWithAck(event, payload)) as JsonBody;
    if (!ack.ok) throw new Error(`${event}: ${JSON.stringify(ack.error)}`);
    return ack;
  }

  async next(
    name: string,
    matches: (p: JsonBody) => boolean,
    timeoutMs = 10_000,
  ): Promise<JsonBody> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.pushes.find((p) => p.name === name && matches(p.payload));
      if (found) return found.payload;
      if (Date.now() > deadline) throw new Error(`no ${name} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.socket.close();
  }
}
