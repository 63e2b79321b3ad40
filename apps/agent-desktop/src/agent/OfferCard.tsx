import { duration } from '../shared/time';
import { Avatar, customerName } from './Avatar';
import type { ChatDescription } from '@pagedesk/contracts';
import { TransferNotice } from './transfer/TransferDialog';

/** A chat request: who, what they said first, how long they have waited. */
export function OfferCard({
  offer,
  now,
  canAccept,
  onAccept,
}: {
  offer: ChatDescription;
  now: number;
  canAccept: boolean;
  onAccept: () => void;
}) {
  const since = offer.queuedAt ?? offer.startedAt ?? now;
  return (
    <article className="offer" aria-label={`Chat request from ${customerName(offer.customer)}`}>
      <header>
        <Avatar customer={offer.customer} />
        <div>
          <strong>{customerName(offer.customer)}</strong>
          {offer.customer?.guest && <span className="tag">guest</span>}
          <div className="muted">
            {offer.pageName ?? offer.pageId} · waiting {duration(now - since)}
          </div>
        </div>
      </header>
      <TransferNotice transfer={offer.transfer} />
      <ul className="first-messages">
        {offer.firstMessages.map((m) => (
          <li key={m.messageId}>
            {m.text ?? (m.attachments?.length ? `[${m.attachments[0].type}]` : '…')}
          </li>
        ))}
      </ul>
      <button
        onClick={onAccept}
        disabled={!canAccept}
        title={canAccept ? '' : 'You are at capacity'}
      >
        Accept
      </button>
    </article>
  );
}
