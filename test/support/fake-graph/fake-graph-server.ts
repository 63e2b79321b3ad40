import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DEFAULT_GRAPH_API_VERSION } from '@pagedesk/messenger';

/** One request as the fake Graph API received it, in arrival order. */
export interface GraphRequest {
  readonly method: string;
  /** Path without the version prefix, e.g. `/me/messages` or `/7392015648120394`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export interface GraphReply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Delay before answering, to exercise timeouts and ordering. */
  readonly delayMs?: number;
}

/** Decides a reply for a request; undefined falls through to the next rule, then to the defaults. */
export type GraphRule = (request: GraphRequest) => GraphReply | undefined;

const FIXTURES = join(__dirname, '../../fixtures/messenger/graph');

/** Loads one of the Graph API fixtures in test/fixtures/messenger/graph (`send-ok`, `error-temporary`, …). */
export const graphFixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));

/**
 * A Graph API stand-in on loopback: the server under test reaches it through
 * MESSENGER_GRAPH_API_URL exactly as it would reach Facebook. It records
 * every request and answers from rules a test installs, else with
 * Facebook-shaped defaults.
 */
export class FakeGraphServer {
  readonly requests: GraphRequest[] = [];
  private rules: GraphRule[] = [];
  private profiles = new Map<string, Record<string, unknown>>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeGraphServer> {
    const handlers: { fake?: FakeGraphServer } = {};
    const server = createServer((req, res) => void handlers.fake!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    handlers.fake = new FakeGraphServer(
      server,
      `http://127.0.0.1:${port}/${DEFAULT_GRAPH_API_VERSION}`,
    );
    return handlers.fake;
  }

  /** Rules added later take precedence. */
  use(rule: GraphRule): this {
    this.rules.unshift(rule);
    return this;
  }

  setProfile(id: string, profile: Record<string, unknown>): this {
    this.profiles.set(id, profile);
    return this;
  }

  reset(): void {
    this.requests.length = 0;
    this.rules = [];
    this.profiles.clear();
  }

  requestsTo(path: string): GraphRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = await readRequest(req);
    this.requests.push(request);
    const reply =
      this.rules.map((rule) => rule(request)).find((r) => r !== undefined) ??
      this.defaultReply(request);
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.body));
  }

  private defaultReply(request: GraphRequest): GraphReply {
    const { method, path } = request;
    if (method === 'POST' && path === '/me/messages') return sendReply(request);
    if (method === 'POST' && path === '/me/message_attachments') return uploadReply(request);
    if (method === 'GET' && path === '/me') return ok(graphFixture('me'));
    if (method === 'POST' && /^\/\d+\/subscribed_apps$/.test(path))
      return ok(graphFixture('subscribed-apps-ok'));
    if (method === 'POST' && path === '/me/messenger_profile') return ok({ result: 'success' });
    const id = /^\/([\w-]+)$/.exec(path)?.[1];
    if (method === 'GET' && id && this.profiles.has(id))
      return ok({ id, ...this.profiles.get(id) });
    return { status: 400, body: graphError(100, `Unsupported ${method} request for ${path}`, 33) };
  }
}

export const ok = (body: unknown): GraphReply => ({ status: 200, body });

export function graphError(code: number, message: string, subcode?: number): unknown {
  return {
    error: {
      message,
      type: 'OAuthException',
      code,
      error_subcode: subcode,
      fbtrace_id: randomUUID().slice(0, 11),
    },
  };
}

type SendBody =
  | {
      recipient?: { id?: string };
      sender_action?: string;
      payload?: { message_id?: unknown; reaction?: unknown };
    }
  | undefined;

/**
 * A sender action is answered with the recipient alone; a reaction (`react` / `unreact`) must
 * name the message (`payload.message_id`) and, to react, the emoji (`payload.reaction`).
 */
function sendReply(request: GraphRequest): GraphReply {
  const body = request.body as SendBody;
  if (body?.sender_action === undefined) return ok(sendOk(request));
  const { sender_action: action, payload } = body;
  if (action === 'react' || action === 'unreact') {
    if (typeof payload?.message_id !== 'string' || payload.message_id === '')
      return { status: 400, body: graphError(100, 'param payload[message_id] must be non-empty') };
    if (action === 'react' && (typeof payload.reaction !== 'string' || payload.reaction === ''))
      return { status: 400, body: graphError(100, 'param payload[reaction] must be non-empty') };
  }
  return ok({ recipient_id: body.recipient?.id });
}

function sendOk(request: GraphRequest): unknown {
  const recipient = (request.body as { recipient?: { id?: string } } | undefined)?.recipient;
  const messageId = `m_fake_${randomUUID().replace(/-/g, '')}`;
  return recipient?.id
    ? { recipient_id: recipient.id, message_id: messageId }
    : { message_id: messageId };
}

/** A multipart body as the fake keeps it: each text field, and each file by name, type, size and sha256. */
export type MultipartBody = {
  readonly multipart: Readonly<
    Record<string, string | { name: string; type: string; size: number; sha256: string }>
  >;
};

const ATTACHMENT_TYPES = ['image', 'video', 'audio', 'file'];

/**
 * The Attachment Upload API: `message` must be `{"attachment":{"type":…,"payload":{"is_reusable":true}}}`
 * and `filedata` a non-empty file, as Facebook documents it; answered with a new `attachment_id`.
 */
function uploadReply(request: GraphRequest): GraphReply {
  const fields = (request.body as MultipartBody | undefined)?.multipart;
  if (fields === undefined) return invalid('the upload must be multipart/form-data');
  const message = parseJsonText(fields.message) as
    { attachment?: { type?: unknown; payload?: { is_reusable?: unknown } } } | undefined;
  if (!ATTACHMENT_TYPES.includes(String(message?.attachment?.type)))
    return invalid('param message[attachment][type] must be one of image, video, audio, file');
  if (message?.attachment?.payload?.is_reusable !== true)
    return invalid('param message[attachment][payload][is_reusable] must be true');
  const file = fields.filedata;
  if (typeof file !== 'object' || file.size === 0) return invalid('param filedata must be a file');
  return ok({ attachment_id: `att_fake_${randomUUID().replace(/-/g, '').slice(0, 16)}` });
}

const invalid = (message: string): GraphReply => ({ status: 400, body: graphError(100, message) });

function parseJsonText(value: unknown): unknown {
  try {
    return typeof value === 'string' ? JSON.parse(value) : undefined;
  } catch {
    return undefined;
  }
}

async function readMultipart(contentType: string, bytes: Buffer): Promise<MultipartBody> {
  const form = await new Request('http://fake/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: bytes,
  }).formData();
  const multipart: Record<string, MultipartBody['multipart'][string]> = {};
  for (const [key, value] of form.entries()) {
    multipart[key] =
      typeof value === 'string'
        ? value
        : {
            name: value.name,
            type: value.type,
            size: value.size,
            sha256: createHash('sha256')
              .update(Buffer.from(await value.arrayBuffer()))
              .digest('hex'),
          };
  }
  return { multipart };
}

async function readRequest(req: IncomingMessage): Promise<GraphRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  const text = bytes.toString('utf8');
  const url = new URL(req.url ?? '/', 'http://fake');
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.startsWith('multipart/form-data')) {
    return {
      method: req.method ?? 'GET',
      path: url.pathname.replace(/^\/v\d+\.\d+/, ''),
      query: Object.fromEntries(url.searchParams),
      body: await readMultipart(contentType, bytes).catch(() => text),
    };
  }
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Keep the raw text: a test may want to see what was malformed.
  }
  return {
    method: req.method ?? 'GET',
    path: url.pathname.replace(/^\/v\d+\.\d+/, ''),
    query: Object.fromEntries(url.searchParams),
    body,
  };
}
