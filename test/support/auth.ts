/** Credentials and helpers for e2e tests that need signed-in users. */
export const ADMIN_EMAIL = 'admin@acme.test';
export const ADMIN_PASSWORD = 'acme admin passphrase 1';
export const PLATFORM_EMAIL = 'root@pagedesk.test';
export const PLATFORM_PASSWORD = 'platform passphrase 42';
export const JWT_SECRET = 'test-jwt-secret-0123456789abcdef0123456789';
/** 32 bytes, base64. */
export const SECRETS_KEY = Buffer.alloc(32, 7).toString('base64');

/** Env for startTestApp: a first admin in tenant `acme` and a platform admin. */
export const authEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
  JWT_SECRET,
  SECRETS_KEY,
  BOOTSTRAP_TENANT: 'acme',
  BOOTSTRAP_ADMIN_EMAIL: ADMIN_EMAIL,
  BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
  BOOTSTRAP_PLATFORM_EMAIL: PLATFORM_EMAIL,
  BOOTSTRAP_PLATFORM_PASSWORD: PLATFORM_PASSWORD,
  ...extra,
});

export async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200)
    throw new Error(`login ${email}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** A response body as tests read it: loosely typed on purpose, asserted field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests probe arbitrary JSON shapes
export type JsonBody = any;

/** A fetch that speaks JSON with a bearer token; returns status and parsed body. */
export function api(baseUrl: string, token?: string) {
  return async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: JsonBody }> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed };
  };
}

/** The admin of `globex`, the tenant of the fixtures' SECOND_PAGE_ID, once a test creates it. */
export const GLOBEX_ADMIN = { email: 'admin@globex.test', password: 'globex admin passphrase' };

/** The platform admin creates tenant `globex` with its admin (GLOBEX_ADMIN, named `displayName`); answers the API. */
export async function createGlobex(baseUrl: string, displayName = 'Hank') {
  const platform = api(baseUrl, await login(baseUrl, PLATFORM_EMAIL, PLATFORM_PASSWORD));
  return platform('POST', '/api/tenants', {
    tenantId: 'globex',
    name: 'Globex',
    admin: { ...GLOBEX_ADMIN, displayName },
  });
}
