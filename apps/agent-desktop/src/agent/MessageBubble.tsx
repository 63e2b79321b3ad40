import { clock } from '../shared/time';
import type { TranscriptMessage } from './chat-view';
import type { Button, Content, QuickReply } from '@pagedesk/contracts';
import { RichText, SafeLink } from './layout/RichText';
import { CustomerAttachmentView } from './attachments/CustomerAttachmentView';
import { MessageReactions } from './reactions/MessageReactions';
import { UploadView } from './uploads/UploadView';
import type { AgentReaction } from '@pagedesk/contracts';

const TICKS: Record<string, string> = { pending: '🕓', sent: '✓', delivered: '✓✓', read: '✓✓' };

export function MessageBubble({
  message,
  onReact,
}: {
  message: TranscriptMessage;
  /** Offered on the customer's messages while the chat is live. */
  onReact?: (reaction: AgentReaction | null) => void;
}) {
  const mine = message.author === 'agent' || message.author === 'automatic';
  const reactable = message.author === 'customer' && !message.messageId.startsWith('postback:');
  return (
    <li
      className={`bubble ${mine ? 'mine' : 'theirs'} author-${message.author}`}
      data-message-id={message.messageId}
    >
      {message.author === 'automatic' && <div className="muted small">automatic message</div>}
      {message.author === 'page' && <div className="muted small">sent from the page inbox</div>}
      {message.postback && <div className="muted small">tapped a button</div>}
      {message.content ? (
        <ContentView content={message.content} />
      ) : (
        <CustomerContent message={message} />
      )}
      <footer className="small muted">
        {clock(message.at)}
        {message.status && (
          <span
            className={`tick tick-${message.status}`}
            aria-label={message.status}
            title={message.status}
          >
            {' '}
            {message.status === 'failed' ? '⚠ failed' : TICKS[message.status]}
            {message.status === 'read' ? ' read' : ''}
          </span>
        )}
      </footer>
      {message.failure && <div className="failure">{message.failure}</div>}
      <MessageReactions extras={message.extras} onReact={reactable ? onReact : undefined} />
    </li>
  );
}

function CustomerContent({ message }: { message: TranscriptMessage }) {
  return (
    <>
      {message.text && <RichText text={message.text} />}
      {message.postback && message.payload && <code className="small">{message.payload}</code>}
      {message.attachments.map((a, i) => (
        <CustomerAttachmentView key={i} attachment={a} />
      ))}
    </>
  );
}

export function ContentView({ content }: { content: Content }) {
  return (
    <>
      {content.kind === 'text' && <RichText text={content.text} />}
      {content.kind === 'attachment' &&
        (content.attachment.type === 'image' ? (
          <img className="attachment" src={content.attachment.url} alt="attachment" />
        ) : (
          <p>
            [{content.attachment.type}]{' '}
            <SafeLink href={content.attachment.url}>{content.attachment.url}</SafeLink>
          </p>
        ))}
      {content.kind === 'upload' && <UploadView upload={content.upload} />}
      {content.kind === 'buttons' && (
        <>
          <RichText text={content.text} />
          <Buttons buttons={content.buttons} />
        </>
      )}
      {content.kind === 'carousel' && (
        <div className="carousel">
          {content.elements.map((card, i) => (
            <div className="card" key={i}>
              {card.imageUrl && <img src={card.imageUrl} alt="" />}
              <strong>{card.title}</strong>
              {card.subtitle && <div className="small">{card.subtitle}</div>}
              <Buttons buttons={card.buttons} />
            </div>
          ))}
        </div>
      )}
      {content.quickReplies && content.quickReplies.length > 0 && (
        <QuickReplies replies={content.quickReplies} />
      )}
    </>
  );
}

const Buttons = ({ buttons }: { buttons: readonly Button[] }) => (
  <div className="buttons">
    {buttons.map((b, i) => (
      <span className="button-preview" key={i} title={b.type === 'web_url' ? b.url : b.payload}>
        {b.title}
      </span>
    ))}
  </div>
);

const quickReplyTitle = (r: QuickReply) =>
  r.type === 'text' ? r.title : r.type === 'user_email' ? '✉ e-mail' : '☎ phone number';

const QuickReplies = ({ replies }: { replies: readonly QuickReply[] }) => (
  <div className="quick-replies">
    {replies.map((r, i) => (
      <span className="chip" key={i}>
        {quickReplyTitle(r)}
      </span>
    ))}
  </div>
);
