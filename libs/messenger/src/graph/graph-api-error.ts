/** What the usage-header parsers read of an answer's headers (a fetch Headers has it too). */
export interface GraphHeaders {
  get(name: string): string | null;
}

/** Facebook's error object, never carrying the access token or the request URL. */
export class GraphApiError extends Error {
  constructor(
    readonly status: number | null,
    readonly code: number | null,
    readonly subcode: number | null,
    message: string,
    readonly fbtraceId: string | null = null,
    /** Facebook's usage headers (X-App-Usage, X-Business-Use-Case-Usage) say how long to back off. */
    readonly headers: GraphHeaders | null = null,
  ) {
    super(message);
    this.name = 'GraphApiError';
  }

  /** No answer, Facebook's own fault or its throttling: worth asking again later (failureClass). */
  get transient(): boolean {
    return this.status === null || this.status >= 500 || this.status === 429;
  }

  static fromBody(
    status: number,
    body: unknown,
    headers: GraphHeaders | null = null,
  ): GraphApiError {
    const error = (body as { error?: Record<string, unknown> } | null)?.error ?? {};
    const num = (v: unknown) => (typeof v === 'number' ? v : null);
    const message =
      typeof error.message === 'string' ? error.message : `Graph API answered ${status}`;
    const trace = typeof error.fbtrace_id === 'string' ? error.fbtrace_id : null;
    return new GraphApiError(
      status,
      num(error.code),
      num(error.error_subcode),
      message,
      trace,
      headers,
    );
  }
}
