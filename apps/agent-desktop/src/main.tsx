import { StrictMode, useCallback, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { AgentDesktop } from './agent/AgentDesktop';
import { LoginForm } from './login/LoginForm';
import type { Session } from './shared/api';
import { Auth, type StoredSession } from './shared/auth';
import { loadSession, saveSession } from './shared/session';
import { QualityView } from './supervisor/quality/QualityView';
import { SupervisorView } from './supervisor/SupervisorView';
import './styles.css';

/**
 * One keeper of tokens per tab, outside React: a second one (React may run an
 * initialiser twice) would refresh with the same rotating token, and a
 * refresh token used twice ends the session.
 */
let current: Session | null = null;
let onEnded: (reason: string) => void = () => undefined;

function signedIn(stored: StoredSession | null): Session | null {
  current?.auth.stop();
  current = stored && {
    user: stored.user,
    auth: new Auth(stored, saveSession, (reason) => onEnded(reason)),
  };
  return current;
}

/** One app, three views: agents get the desktop, qc users quality control, supervisors and admins the supervision view. */
function App() {
  const [session, setSession] = useState<Session | null>(() => current ?? signedIn(loadSession()));
  const [notice, setNotice] = useState<string | undefined>();

  const change = useCallback((next: StoredSession | null, reason?: string) => {
    saveSession(next);
    setSession(signedIn(next));
    setNotice(reason);
  }, []);
  onEnded = (reason) => change(null, reason);
  // Stable, because the views reconnect their sockets when it changes. Without a reason it is the
  // user's own choice: the server ends the session too.
  const logOut = useCallback(
    (reason?: string) => {
      if (reason === undefined) void current?.auth.logOut();
      change(null, reason);
    },
    [change],
  );

  if (!session) return <LoginForm onLoggedIn={(s) => change(s)} notice={notice} />;
  if (session.user.role === 'qc') return <QualityView session={session} onLogOut={logOut} />;
  return session.user.role === 'agent' ? (
    <AgentDesktop session={session} onLogOut={logOut} />
  ) : (
    <SupervisorView session={session} onLogOut={logOut} />
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
