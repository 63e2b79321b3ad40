import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { GraphAnswer, GraphExchange, GraphHeaders, GraphTransport } from '@pagedesk/messenger';

/** Idle connections are closed before a Node server's default keep-alive timeout (5 s) would close them under a request. */
const IDLE_SOCKET_MS = 4_000;

/**
 * The Graph API over node:http(s) with kept-alive connections, rather than
 * the global fetch: fetch (undici with web streams) cost the processing
 * worker about 1 ms of CPU per profile fetch, 14 % of its busy time at 1,000
 * messages/s (BENCHMARKS.md, "Session 10: processing worker").
 */
export class NodeGraphTransport implements GraphTransport {
  private readonly httpAgent = new HttpAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS });

  exchange({ method, url, body, timeoutMs }: GraphExchange): Promise<GraphAnswer> {
    const secure = url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    const agent = secure ? this.httpsAgent : this.httpAgent;
    const headers = body && {
      'content-type': body.contentType,
      'content-length': String(body.bytes.byteLength),
    };
    return new Promise<GraphAnswer>((resolve, reject) => {
      const req = send(url, { method, agent, headers });
      // The whole exchange, as fetch's AbortSignal.timeout was: a stalled body times out too.
      const timer = setTimeout(() => req.destroy(timeoutError()), timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      req.on('error', fail);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', fail);
        res.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            headers: new NodeHeaders(res.headers),
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
      });
      req.end(body?.bytes);
    });
  }
}

/** Node's header object read the way the usage-header parsers read a fetch Headers. */
class NodeHeaders implements GraphHeaders {
  constructor(private readonly headers: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.headers[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }
}

function timeoutError(): Error {
  const error = new Error('Graph API request timed out');
  error.name = 'TimeoutError';
  return error;
}
