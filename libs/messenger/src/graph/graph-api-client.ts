import { parseGraphProfile, type GraphProfile } from '../profile';
import { GraphApiError } from './graph-api-error';

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
  readonly headers: Headers;
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
    private readonly timeoutMs = 10_000,
  ) {}

  async request(request: GraphRequest): Promise<GraphResponse> {
    const url = new URL(`${this.baseUrl.replace(/\/$/, '')}${request.path}`);
    for (const [key, value] of Object.entries(request.query ?? {}))
      url.searchParams.set(key, value);
    url.searchParams.set('access_token', request.accessToken);
    let response: Response;
    try {
      const multipart = request.body instanceof FormData;
      response = await fetch(url, {
        method: request.method,
        headers:
          request.body === undefined || multipart
            ? undefined
            : { 'content-type': 'application/json' },
        body: multipart
          ? request.body
          : request.body === undefined
            ? undefined
            : JSON.stringify(request.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new GraphApiError(null, null, null, `Graph API unreachable: ${(error as Error).name}`);
    }
    const text = await response.text();
    const body = parseJson(text);
    if (!response.ok || (body as { error?: unknown } | null)?.error) {
      throw GraphApiError.fromBody(response.status, body, response.headers);
    }
    return { status: response.status, body, headers: response.headers };
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

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}
