import type { StoredSession } from './auth';

const KEY = 'pagedesk.session';

/** Per browser tab, so an agent and a supervisor can be logged in side by side in one browser. */
export const loadSession = (): StoredSession | null => {
  const raw = sessionStorage.getItem(KEY);
  const stored = raw ? (JSON.parse(raw) as Partial<StoredSession>) : null;
  // A session saved by an older version has no refresh token: sign in again.
  return stored?.refreshToken ? (stored as StoredSession) : null;
};

export const saveSession = (session: StoredSession | null): void => {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
};
