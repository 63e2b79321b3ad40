import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP relay between one client and PostgreSQL, to break that
 * client's connections the ways networks and processes do: `cut` closes
 * them (a reset, a restarted balancer), `kill` also refuses new ones (the
 * process is gone), `freeze` stops every byte without closing anything (a
 * paused process, a silent partition) until `thaw`.
 */
export class FaultyLink {
  private readonly pairs = new Set<[Socket, Socket]>();
  private frozen = false;
  /** Kept: a killed link still has the address its clients were given. */
  private port = 0;

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
  ) {}

  static async open(databaseUrl: string): Promise<FaultyLink> {
    const target = new URL(databaseUrl);
    const server = createServer();
    const link = new FaultyLink(server, target);
    server.on('connection', (client) => link.relay(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (typeof address !== 'object' || !address) throw new Error('link not listening');
    link.port = address.port;
    return link;
  }

  /** The database URL, through this link. */
  get url(): string {
    const url = new URL(this.target);
    url.host = `127.0.0.1:${this.port}`;
    return url.toString();
  }

  /** Connections relayed right now. */
  get open(): number {
    return this.pairs.size;
  }

  cut(): void {
    for (const [client, upstream] of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  kill(): void {
    this.server.close();
    this.cut();
  }

  freeze(): void {
    this.frozen = true;
    for (const pair of this.pairs) pair.forEach((s) => s.pause());
  }

  thaw(): void {
    this.frozen = false;
    for (const pair of this.pairs) pair.forEach((s) => s.resume());
  }

  async close(): Promise<void> {
    this.kill();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: Socket): void {
    const upstream = connect(Number(this.target.port), this.target.hostname);
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
    if (this.frozen) pair.forEach((s) => s.pause());
  }
}
