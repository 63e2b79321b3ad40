import type { Session } from '../../shared/api';
import { QualityPanel } from './QualityPanel';

/** What a qc user sees: the QC tab alone (they do not run the floor, so no supervisor socket). */
export function QualityView({
  session,
  onLogOut,
}: {
  session: Session;
  onLogOut: (reason?: string) => void;
}) {
  return (
    <div className="supervisor">
      <header className="topbar">
        <strong>Pagedesk · Quality</strong>
        <span className="grow">{session.user.displayName}</span>
        <button onClick={() => onLogOut()}>Log out</button>
      </header>
      <main className="supervision">
        <QualityPanel session={session} />
      </main>
    </div>
  );
}
