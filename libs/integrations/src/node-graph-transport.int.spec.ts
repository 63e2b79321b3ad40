import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphApiClient, GraphApiError } from '@pagedesk/messenger';
import { NodeGraphTransport } from './node-graph-transport';

const TOKEN = 'page-token-secret';

/** A loopback Graph API answering with `answer`; it records every request and counts connections. */
class LocalGraph {
  readonly requests: {
    method: string;
    url: string;
    headers: IncomingMessage['headers'];
    body: string;
  }[] = [];
  connections = 0;
  private readonly held: ServerResponse[] = [];

  private constructor(private readonly server: Server) {}

  static async start(
    answer: (req: IncomingMessage, res: ServerResponse, graph: LocalGraph) => void,
  ) {
    const graph: { it?: LocalGraph } = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        graph.it!.requests.push({
          method: req.method!,
          url: req.url!,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        answer(req, res, graph.it!);
      });
    });
    server.on('connection', () => (graph.it!.connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    graph.it = new LocalGraph(server);
    return graph.it;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v23.0`;
  }

  /** Keeps an answer open (never finished) until the server closes: the client's timeout must end the wait. */
  hold(res: ServerResponse): void {
    this.held.push(res);
  }

  async close(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const json = (res: ServerResponse, status: number, body: unknown, headers = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

async function failure(promise: Promise<unknown>): Promise<GraphApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GraphApiError);
  return error as GraphApiError;
}

describe('GraphApiClient over NodeGraphTransport', () => {
  let graph: LocalGraph | undefined;
  afterEach(async () => {
    await graph?.close();
    graph = undefined;
  });

  it('fetches profiles over one kept-alive connection, without the global fetch', async () => {
    graph = await LocalGraph.start((_req, res) =>
      json(res, 200, { id: '7392015648120394', first_name: 'Anna', last_name: 'Schmidt' }),
    );
    const client = new GraphApiClient(`${graph.url}/`, new NodeGraphTransport());
    const fetchSpy = jest.spyOn(globalThis, 'fetch');
    try {
      for (let i = 0; i < 3; i++)
        await expect(client.getProfile('7392015648120394', TOKEN)).resolves.toMatchObject({
          firstName: 'Anna',
          lastName: 'Schmidt',
        });
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
    expect(graph.connections).toBe(1);
    const url = new URL(graph.requests[0]!.url, 'http://x');
    expect(url.pathname).toBe('/v23.0/7392015648120394');
    expect(url.searchParams.get('fields')).toBe('first_name,last_name,profile_pic');
    expect(url.searchParams.get('access_token')).toBe(TOKEN);
  });

  it('sends JSON and multipart bodies with their content types', async () => {
    graph = await LocalGraph.start((_req, res) => json(res, 200, { message_id: 'm_1' }));
    const client = new GraphApiClient(graph.url, new NodeGraphTransport());
    await client.request({
      method: 'POST',
      path: '/me/messages',
      accessToken: TOKEN,
      body: { a: 'é' },
    });
    const form = new FormData();
    form.append('message', JSON.stringify({ attachment: { type: 'image' } }));
    form.append('filedata', new Blob([Buffer.from('PNGDATA')], { type: 'image/png' }), 'a.png');
    await client.request({
      method: 'POST',
      path: '/me/message_attachments',
      accessToken: TOKEN,
      body: form,
    });
    const [sent, uploaded] = graph.requests;
    expect(sent!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(sent!.body)).toEqual({ a: 'é' });
    const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(
      uploaded!.headers['content-type']!,
    )?.[1];
    expect(boundary).toBeDefined();
    expect(uploaded!.body).toContain(`--${boundary}`);
    expect(uploaded!.body).toContain('name="filedata"; filename="a.png"');
    expect(uploaded!.body).toContain('PNGDATA');
    expect(Number(uploaded!.headers['content-length'])).toBe(Buffer.byteLength(uploaded!.body));
  });

  it("turns Facebook's errors into GraphApiError with its codes and usage headers", async () => {
    graph = await LocalGraph.start((req, res) => {
      if (req.url!.startsWith('/v23.0/busy'))
        return json(res, 503, { error: { message: 'try later', code: 2 } });
      json(
        res,
        400,
        {
          error: {
            message: 'No matching user',
            code: 100,
            error_subcode: 2018001,
            fbtrace_id: 'T1',
          },
        },
        { 'x-app-usage': '{"call_count":100}' },
      );
    });
    const client = new GraphApiClient(graph.url, new NodeGraphTransport());
    const denied = await failure(client.getProfile('1', TOKEN));
    expect(denied).toMatchObject({ status: 400, code: 100, subcode: 2018001, fbtraceId: 'T1' });
    expect(denied.message).toBe('No matching user');
    expect(denied.transient).toBe(false);
    expect(denied.headers?.get('X-App-Usage')).toBe('{"call_count":100}');
    expect(denied.headers?.get('x-business-use-case-usage')).toBeNull();
    const busy = await failure(client.getProfile('busy', TOKEN));
    expect(busy).toMatchObject({ status: 503, code: 2 });
    expect(busy.transient).toBe(true);
  });

  it('gives up after its timeout, before the headers or in the middle of the body', async () => {
    graph = await LocalGraph.start((req, res, it) => {
      if (req.url!.startsWith('/v23.0/half')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"id":');
      }
      it.hold(res);
    });
    const client = new GraphApiClient(graph.url, new NodeGraphTransport(), 50);
    for (const id of ['silent', 'half']) {
      const error = await failure(client.getProfile(id, TOKEN));
      expect(error.status).toBeNull();
      expect(error.transient).toBe(true);
      expect(error.message).toBe('Graph API unreachable: TimeoutError');
    }
  });

  it('reports an unreachable API as transient, without the URL or the token', async () => {
    graph = await LocalGraph.start((_req, res) => json(res, 200, {}));
    const url = graph.url;
    await graph.close();
    graph = undefined;
    const error = await failure(
      new GraphApiClient(url, new NodeGraphTransport()).getProfile('1', TOKEN),
    );
    expect(error.transient).toBe(true);
    expect(error.message).toBe('Graph API unreachable: ECONNREFUSED');
    expect(error.message).not.toContain(TOKEN);
  });
});
