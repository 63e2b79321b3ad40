import { parseGraphProfile, type GraphProfile } from '../profile';
import { GraphApiError, type GraphHeaders } from './graph-api-error';
import type { GraphExchange, GraphTransport } from './graph-transport';

export interface GraphRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Path below the versioned base URL, e.g. `/me/messages`. */
  readonly path: string;
  readonly accessToken: string;
  readonly query?: Readonly<Record<string, string>>;
  /** JSON, or a FormData sent as multipart (the Attachment Upload API). */
  readonly body?: unknown;
}

export interface GraphResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers: GraphHeaders;
}

/**
 * The only door to Facebook: everything goes to MESSENGER_GRAPH_API_URL, so
 * tests and the demo point it at a local fake. Errors carry Facebook's codes
 * but never the token (it travels in the query string, which is never logged
 * or put into a message).
 */
export class GraphApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly transport: GraphTransport,
    private readonly timeoutMs = 10_000,
  ) {}

  async request(request: GraphRequest): Promise<GraphResponse> {
    const url = new URL(`${this.baseUrl.replace(/\/$/, '')}${request.path}`);
    for (const [key, value] of Object.entries(request.query ?? {}))
      url.searchParams.set(key, value);
    url.searchParams.set('access_token', request.accessToken);
    const exchange: GraphExchange = {
      method: request.method,
      url,
      body: await encodeBody(request.body),
      timeoutMs: this.timeoutMs,
    };
    const answer = await this.transport.exchange(exchange).catch((error: unknown) => {
      throw new GraphApiError(null, null, null, `Graph API unreachable: ${errorName(error)}`);
    });
    const body = parseJson(answer.text);
    const ok = answer.status >= 200 && answer.status < 300;
    if (!ok || (body as { error?: unknown } | null)?.error) {
      throw GraphApiError.fromBody(answer.status, body, answer.headers);
    }
    return { status: answer.status, body, headers: answer.headers };
  }

  async getProfile(id: string, accessToken: string): Promise<GraphProfile> {
    const { body } = await this.request({
      method: 'GET',
      path: `/${encodeURIComponent(id)}`,
      accessToken,
      query: { fields: 'first_name,last_name,profile_pic' },
    });
    const profile = parseGraphProfile(body);
    if (!profile) throw new GraphApiError(200, null, null, 'Graph API returned no profile');
    return profile;
  }
}

/** JSON, or a FormData as multipart with its boundary (encoded by a web Response: only uploads pay for web streams). */
async function encodeBody(body: unknown): Promise<GraphExchange['body']> {
  if (body === undefined) return undefined;
  if (body instanceof FormData) {
    const encoded = new Response(body);
    return {
      contentType: encoded.headers.get('content-type')!,
      bytes: new Uint8Array(await encoded.arrayBuffer()),
    };
  }
  return { contentType: 'application/json', bytes: new TextEncoder().encode(JSON.stringify(body)) };
}

/** The transport error's code (ECONNREFUSED, ECONNRESET…) or name; never its message, which may hold the URL and so the token. */
function errorName(error: unknown): string {
  return (error as { code?: string }).code ?? (error as Error).name;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}
