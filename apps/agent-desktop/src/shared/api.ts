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

export interface AuthUser {
  readonly userId: string;
  readonly tenantId: string | null;
  readonly role: 'admin' | 'supervisor' | 'agent' | 'qc' | 'platform_admin';
  readonly displayName: string;
}

export async function request<T>(
  path: string,
  options: { token?: string; method?: string; body?: unknown } = {},
): Promise<T> {
  const response = await fetch(path, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
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

/** The raw text of an export (CSV, plain text), for downloading with the caller's token. */
export async function download(path: string, token: string): Promise<Blob> {
  const response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new ApiError(response.status, 'internal', 'the export failed');
  return response.blob();
}

export interface Session {
  readonly token: string;
  readonly user: AuthUser;
}

export async function logIn(email: string, password: string): Promise<Session> {
  const { accessToken } = await request<{ accessToken: string }>('/api/auth/login', {
    body: { email, password },
  });
  const user = await request<AuthUser>('/api/auth/me', { token: accessToken });
  return { token: accessToken, user };
}
