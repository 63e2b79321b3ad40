import { useState } from 'react';
import { AGENT_REACTIONS, type AgentReaction } from '@pagedesk/contracts';
import { clock } from '../../shared/time';
import type { MessageExtras } from './message-extras';

/**
 * Under a bubble: "edited" with the earlier texts, the customer's reaction, the agent's own
 * reaction (with how it fared) and, on a customer message, the picker to react or take it back.
 */
export function MessageReactions({
  extras,
  onReact,
}: {
  extras: MessageExtras;
  onReact?: (reaction: AgentReaction | null) => void;
}) {
  const [picking, setPicking] = useState(false);
  const { history, customerReaction, agentReaction } = extras;
  const mine = agentReaction?.reaction ? agentReaction : null;
  if (!history.length && !customerReaction && !mine && !onReact) return null;
  return (
    <div className="message-extras small">
      {history.length > 0 && (
        <details className="edit-history">
          <summary className="edited-mark">edited</summary>
          <ol aria-label="Earlier versions">
            {history.slice(0, -1).map((version, i) => (
              <li key={i}>
                <s>{version.text}</s>
                {version.at > 0 && (
                  <span className="muted"> · until {clock(history[i + 1].at)}</span>
                )}
              </li>
            ))}
          </ol>
        </details>
      )}
      {customerReaction && (
        <span className="reaction" role="img" aria-label={`Customer reacted ${customerReaction}`}>
          {customerReaction}
        </span>
      )}
      {mine && (
        <span
          className={`reaction mine reaction-${mine.status}`}
          role="img"
          aria-label={`You reacted ${mine.emoji}${mine.status === 'failed' ? ', not sent' : ''}`}
          title={mine.failure ?? mine.status}
        >
          {mine.emoji}
          {mine.status === 'failed' && ` ⚠ not sent: ${mine.failure ?? ''}`}
        </span>
      )}
      {onReact && (
        <button
          type="button"
          className="react-button"
          aria-expanded={picking}
          onClick={() => setPicking((p) => !p)}
        >
          React
        </button>
      )}
      {onReact && picking && (
        <span className="reaction-picker" role="group" aria-label="Reactions">
          {(Object.keys(AGENT_REACTIONS) as AgentReaction[]).map((name) => (
            <button
              type="button"
              key={name}
              aria-label={`React with ${name}`}
              aria-pressed={mine?.reaction === name}
              onClick={() => {
                setPicking(false);
                onReact(name);
              }}
            >
              {AGENT_REACTIONS[name]}
            </button>
          ))}
          {mine && (
            <button
              type="button"
              onClick={() => {
                setPicking(false);
                onReact(null);
              }}
            >
              Remove reaction
            </button>
          )}
        </span>
      )}
    </div>
  );
}
