import type { GraphHeaders } from './graph-api-error';

/** One Graph API request as it goes on the wire: the URL carries the token, so nothing logs it. */
export interface GraphExchange {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: URL;
  readonly body?: { readonly contentType: string; readonly bytes: Uint8Array };
  /** The whole exchange, answer body included; past it the transport fails with a TimeoutError. */
  readonly timeoutMs: number;
}

export interface GraphAnswer {
  readonly status: number;
  readonly headers: GraphHeaders;
  readonly text: string;
}

/**
 * The port GraphApiClient sends through (this lib does no I/O): an answer of
 * any status, or a rejection when none came (unreachable, reset, timed out),
 * never carrying the URL in its code or name.
 */
export interface GraphTransport {
  exchange(request: GraphExchange): Promise<GraphAnswer>;
}
