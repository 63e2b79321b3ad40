import type { Me } from '@pagedesk/contracts';
import type { Auth } from './auth';

/** The REST side of the server (docs/auth.md, docs/projections.md): JSON in and out, errors with stable codes. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Who is signed in: `GET /api/auth/me`. */
export type AuthUser = Me;

export async function request<T>(
  path: string,
  options: { token?: string; method?: string; body?: unknown } = {},
): Promise<T> {
  // A FormData body goes as multipart: the browser writes its content type and boundary.
  const multipart = options.body instanceof FormData;
  const response = await fetch(path, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(options.body === undefined || multipart ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: multipart
      ? (options.body as FormData)
      : options.body === undefined
        ? undefined
        : JSON.stringify(options.body),
  });
  const text = await response.text();
  const body = text ? (JSON.parse(text) as unknown) : null;
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'internal',
      error?.message ?? `the server answered ${response.status}`,
    );
  }
  return body as T;
}

/** What the views hold: who is signed in, and the keeper of their tokens. */
export interface Session {
  readonly user: AuthUser;
  readonly auth: Auth;
}
