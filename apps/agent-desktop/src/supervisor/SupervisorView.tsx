import { useState } from 'react';
import type { Session } from '../shared/api';
import { clock, duration, useNow } from '../shared/time';
import { QualityPanel } from './quality/QualityPanel';
import { Tabs, type Tab } from './quality/Tabs';
import { ServiceFiguresPanel } from './ServiceFiguresPanel';
import { TranscriptViewer } from './TranscriptViewer';
import { useSupervision } from './useSupervision';
import { useWrapUpTags } from './wrap-up/useWrapUpTags';
import { WrapUpTagsEditor } from './wrap-up/WrapUpTagsEditor';
import { CannedResponsesEditor } from './canned/CannedResponsesEditor';
import { useCannedResponseAdmin } from './canned/useCannedResponseAdmin';

const STATUSES = ['', 'queued', 'assigned', 'closed', 'expired', 'customer_ended', 'unreachable'];

export function SupervisorView({
  session,
  onLogOut,
}: {
  session: Session;
  onLogOut: (reason?: string) => void;
}) {
  const [customer, setCustomer] = useState('');
  const [status, setStatus] = useState('');
  const [wrapUpTag, setWrapUpTag] = useState('');
  const wrapUps = useWrapUpTags(session);
  const canned = useCannedResponseAdmin(session);
  const [open, setOpen] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('floor');
  const live = useSupervision(session, { customer, status, wrapUpTag }, onLogOut);
  const now = useNow();
  const agentName = (id: string | null) =>
    id ? (live.agents.find((a) => a.agentId === id)?.displayName ?? id) : '—';

  return (
    <div className="supervisor">
      <header className="topbar">
        <strong>Pagedesk · Supervision</strong>
        <Tabs tab={tab} onChange={setTab} />
        <span className="grow">{session.user.displayName}</span>
        {live.quarantined !== null && (
          // Updates the server could not apply wait here for an admin's retry (docs/processing.md).
          <span
            aria-label="Quarantined updates"
            className={live.quarantined > 0 ? 'badge badge-problem' : 'badge'}
          >
            Quarantined: {live.quarantined}
          </span>
        )}
        <span className={`dot dot-${live.connection}`}>
          {live.connection === 'online' ? 'live' : live.connection}
        </span>
        <button onClick={() => onLogOut()}>Log out</button>
      </header>
      {live.error && (
        <div className="banner banner-problem" role="alert">
          {live.error}
        </div>
      )}
      {tab === 'quality' && (
        <main className="supervision">
          <QualityPanel session={session} />
        </main>
      )}
      <main className="supervision" hidden={tab !== 'floor'}>
        <ServiceFiguresPanel session={session} changes={live.refreshes} />
        <section aria-label="Queues">
          <h2>Queues</h2>
          <table>
            <thead>
              <tr>
                <th>Queue</th>
                <th>Mode</th>
                <th>Waiting</th>
                <th>Oldest wait</th>
                <th>Agents ready</th>
                <th>Load</th>
              </tr>
            </thead>
            <tbody>
              {live.queues.map((q) => (
                <tr key={q.queueId}>
                  <td>{q.name}</td>
                  <td>{q.routingMode}</td>
                  <td className="queue-waiting">{q.live?.waiting ?? '—'}</td>
                  <td>{q.live?.oldestQueuedAt ? duration(now - q.live.oldestQueuedAt) : '—'}</td>
                  <td>{q.live?.agents.ready ?? '—'}</td>
                  <td>{q.live ? `${q.live.agents.load} / ${q.live.agents.capacity}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section aria-label="Agents">
          <h2>Agents</h2>
          <table>
            <thead>
              <tr>
                <th>Agent</th>
                <th>Status</th>
                <th>Chats</th>
                <th>Queues</th>
              </tr>
            </thead>
            <tbody>
              {live.agents.map((a) => (
                <tr key={a.agentId}>
                  <td>{a.displayName}</td>
                  <td>
                    <span className={`status status-${a.status}`}>
                      {a.status.replace('_', ' ')}
                    </span>
                  </td>
                  <td>
                    {a.load} / {a.capacity}
                  </td>
                  <td>{a.queues.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section aria-label="Conversations" className="wide">
          <h2>Conversations</h2>
          <div className="row">
            <input
              aria-label="Search customer"
              placeholder="Search by customer name or contact"
              value={customer}
              onChange={(e) => setCustomer(e.target.value)}
            />
            <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s || 'any status'}
                </option>
              ))}
            </select>
            <select
              aria-label="Filter by wrap-up"
              value={wrapUpTag}
              onChange={(e) => setWrapUpTag(e.target.value)}
            >
              <option value="">any wrap-up</option>
              {wrapUps.tags.map((t) => (
                <option key={t.tagId} value={t.tagId}>
                  {t.label}
                </option>
              ))}
            </select>
          </div>
          <table className="conversations">
            <thead>
              <tr>
                <th>Started</th>
                <th>Customer</th>
                <th>Channel</th>
                <th>Status</th>
                <th>Agent</th>
                <th>Messages</th>
                <th>Wrap-up</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {live.conversations.map((c) => (
                <tr key={c.conversationId} className={open === c.conversationId ? 'selected' : ''}>
                  <td>{clock(c.startedAt)}</td>
                  <td>
                    {c.customer.name ?? (c.customer.guest ? 'Website visitor' : c.customer.id)}
                  </td>
                  <td>{c.channel}</td>
                  <td>
                    <span className={`status status-${c.status}`}>
                      {c.status.replace('_', ' ')}
                    </span>
                  </td>
                  <td>{agentName(c.agentId)}</td>
                  <td>
                    {c.messages.customer} in · {c.messages.agent} out
                  </td>
                  <td>{c.wrapUpTags.map((t) => t.label).join(', ')}</td>
                  <td>
                    <button onClick={() => setOpen(c.conversationId)}>Transcript</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {live.conversations.length === 0 && <p className="muted">No conversations match.</p>}
        </section>
        <WrapUpTagsEditor tags={wrapUps.tags} problem={wrapUps.problem} onSave={wrapUps.save} />
        <CannedResponsesEditor
          responses={canned.responses}
          queues={live.queues}
          problem={canned.problem}
          onCreate={canned.create}
          onUpdate={canned.update}
          onRemove={canned.remove}
        />
        {open && (
          <TranscriptViewer
            key={open}
            session={session}
            socket={live.socket}
            conversationId={open}
            queues={live.queues}
            nameOf={(id) => (id === session.user.userId ? session.user.displayName : agentName(id))}
            onClose={() => setOpen(null)}
          />
        )}
      </main>
    </div>
  );
}
