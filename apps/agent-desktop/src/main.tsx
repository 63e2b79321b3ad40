import { StrictMode, useCallback, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { AgentDesktop } from './agent/AgentDesktop';
import { LoginForm } from './login/LoginForm';
import type { Session } from './shared/api';
import { loadSession, saveSession } from './shared/session';
import { QualityView } from './supervisor/quality/QualityView';
import { SupervisorView } from './supervisor/SupervisorView';
import './styles.css';

/** One app, three views: agents get the desktop, qc users quality control, supervisors and admins the supervision view. */
function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [notice, setNotice] = useState<string | undefined>();

  const change = useCallback((next: Session | null, reason?: string) => {
    saveSession(next);
    setSession(next);
    setNotice(reason);
  }, []);
  // Stable, because the views reconnect their sockets when it changes.
  const logOut = useCallback((reason?: string) => change(null, reason), [change]);

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
