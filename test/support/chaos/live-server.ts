import { startServerProcess, type ServerProcess } from '../server-process';

/**
 * The server under chaos: one process at a time on one DATA_DIR. `url` is null
 * while it is down, so customers and agents wait instead of hitting a dead port.
 */
export class LiveServer {
  url: string | null = null;
  kills = 0;
  private process: ServerProcess | undefined;

  constructor(private readonly env: Record<string, string>) {}

  async start(): Promise<void> {
    this.process = await startServerProcess(this.env, 120_000);
    this.url = this.process.url;
  }

  async kill(): Promise<void> {
    this.url = null;
    await this.process?.kill('SIGKILL');
    this.kills++;
  }

  /**
   * SIGKILLs and restarts every 2–5 s of uptime until `until`, and on past it
   * until `atLeast` kills (a loaded machine starts the server slowly); the
   * server is up when it returns.
   */
  async killRepeatedly(until: number, atLeast = 0): Promise<void> {
    while (Date.now() < until || this.kills < atLeast) {
      await sleep(2_000 + Math.random() * 3_000);
      await this.kill();
      await this.start();
    }
  }

  stop(): Promise<void> {
    this.url = null;
    return this.process?.kill() ?? Promise.resolve();
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where a customer or an agent sends its requests: one server, or what a load balancer picks among nodes. */
export type Endpoint = Pick<LiveServer, 'url'>;
