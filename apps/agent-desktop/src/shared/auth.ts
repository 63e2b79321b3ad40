import type { TokenPair } from '@pagedesk/contracts';
import { ApiError, request, type AuthUser } from './api';

/** What a tab keeps of its sign-in (sessionStorage): the pair of tokens and when the access token ends. */
export interface StoredSession {
  readonly user: AuthUser;
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Epoch ms. */
  readonly expiresAt: number;
  readonly lifetimeMs: number;
}

export const storedFrom = (user: AuthUser, pair: TokenPair): StoredSession => ({
  user,
  accessToken: pair.accessToken,
  refreshToken: pair.refreshToken,
  expiresAt: Date.now() + pair.expiresIn * 1000,
  lifetimeMs: pair.expiresIn * 1000,
});

export async function logIn(email: string, password: string): Promise<StoredSession> {
  const pair = await request<TokenPair>('/api/auth/login', { body: { email, password } });
  const user = await request<AuthUser>('/api/auth/me', { token: pair.accessToken });
  return storedFrom(user, pair);
}

/** After a failed refresh that was not a refusal (the server is down): try again this soon. */
const RETRY_MS = 5_000;

/**
 * Keeps a tab signed in for a shift (docs/auth.md): refreshes the access token
 * before it expires and after a 401, one refresh at a time (a rotated refresh
 * token used twice would end the session), tells sockets about each new
 * token, and reports the end of the session only when the server refuses the
 * refresh token — never because the server was briefly away.
 */
export class Auth {
  private refreshing: Promise<string | null> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<(token: string) => void>();
  private done = false;

  constructor(
    private stored: StoredSession,
    private readonly save: (stored: StoredSession) => void,
    private readonly ended: (reason: string) => void,
  ) {
    this.schedule();
  }

  get user(): AuthUser {
    return this.stored.user;
  }

  token(): string {
    return this.stored.accessToken;
  }

  /** Called with each new access token; returns the unsubscribe. */
  onToken(listener: (token: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A fresh access token, or null when there is none to be had now (ended, or the server is away). */
  fresh(): Promise<string | null> {
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** A REST call with the current token; a 401 is answered by one refresh and one retry. */
  async request<T>(path: string, options: { method?: string; body?: unknown } = {}): Promise<T> {
    const used = this.token();
    try {
      return await request<T>(path, { ...options, token: used });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      const token = this.token() !== used ? this.token() : await this.fresh();
      if (!token) throw error;
      return request<T>(path, { ...options, token });
    }
  }

  /** The raw body (an export), with the same refresh-and-retry as request. */
  async download(path: string): Promise<Blob> {
    const get = (token: string) => fetch(path, { headers: { authorization: `Bearer ${token}` } });
    let response = await get(this.token());
    if (response.status === 401) {
      const token = await this.fresh();
      if (token) response = await get(token);
    }
    if (!response.ok) throw new ApiError(response.status, 'internal', 'the export failed');
    return response.blob();
  }

  /** Ends this sign-in on the server too, so the refresh token cannot be used again. */
  async logOut(): Promise<void> {
    this.stop();
    await request('/api/auth/logout', { body: { refreshToken: this.stored.refreshToken } }).catch(
      () => undefined,
    );
  }

  stop(): void {
    this.done = true;
    clearTimeout(this.timer);
  }

  /** Logged out or refused: no refresh will come. */
  get stopped(): boolean {
    return this.done;
  }

  private async refresh(): Promise<string | null> {
    if (this.done) return null;
    try {
      const pair = await request<TokenPair>('/api/auth/refresh', {
        body: { refreshToken: this.stored.refreshToken },
      });
      this.stored = storedFrom(this.stored.user, pair);
      this.save(this.stored);
      this.schedule();
      for (const listener of this.listeners) listener(pair.accessToken);
      return pair.accessToken;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.stop();
        this.ended(`Your session has ended (${error.message}). Please sign in again.`);
      } else this.retrySoon();
      return null;
    }
  }

  /** A minute before expiry, or at 80 % of a short lifetime. */
  private schedule(): void {
    clearTimeout(this.timer);
    if (this.done) return;
    const lead = Math.min(60_000, this.stored.lifetimeMs * 0.2);
    const inMs = Math.max(0, this.stored.expiresAt - lead - Date.now());
    this.timer = setTimeout(() => void this.fresh(), inMs);
  }

  private retrySoon(): void {
    clearTimeout(this.timer);
    if (!this.done) this.timer = setTimeout(() => void this.fresh(), RETRY_MS);
  }
}
