import type { Session } from './api';

const KEY = 'pagedesk.session';

/** Per browser tab, so an agent and a supervisor can be logged in side by side in one browser. */
export const loadSession = (): Session | null => {
  const raw = sessionStorage.getItem(KEY);
  return raw ? (JSON.parse(raw) as Session) : null;
};

export const saveSession = (session: Session | null): void => {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
};
