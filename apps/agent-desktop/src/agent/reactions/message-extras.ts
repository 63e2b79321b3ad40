import type { ChatPush } from '@pagedesk/contracts';

/** An agent's reaction as the desk shows it: asked for, then taken by Facebook or not. */
export interface AgentReactionView {
  readonly reaction: string | null;
  readonly emoji: string | null;
  readonly status: 'sending' | 'sent' | 'failed';
  readonly failure: string | null;
}

/** What happened to a message after it was written: its edits, and the reactions on it. */
export interface MessageExtras {
  /** Every text it had, oldest first, when the customer edited it; empty otherwise. */
  readonly history: readonly { readonly text: string; readonly at: number }[];
  readonly customerReaction: string | null;
  readonly agentReaction: AgentReactionView | null;
}

export const NO_EXTRAS: MessageExtras = {
  history: [],
  customerReaction: null,
  agentReaction: null,
};

/**
 * Folds a chat's edit and reaction pushes per message id. Reactions name Facebook's mid; agent
 * messages are shown under Pagedesk's id, so the mid is mapped back through the `sent` delivery.
 */
export function messageExtras(
  pushes: readonly ChatPush[],
  originalText: (messageId: string) => string | null,
): Map<string, MessageExtras> {
  const idOfMid = new Map<string, string>();
  const statusOf = new Map<string, Pick<AgentReactionView, 'status' | 'failure'>>();
  for (const p of pushes) {
    if (p.name === 'chat:delivery' && p.payload.status === 'sent' && p.payload.mid)
      idOfMid.set(p.payload.mid, p.payload.messageId ?? p.payload.mid);
    if (p.name === 'chat:reaction_status')
      statusOf.set(p.payload.reactionId, {
        status: p.payload.status === 'sent' ? 'sent' : p.payload.permanent ? 'failed' : 'sending',
        failure: p.payload.status === 'failed' ? (p.payload.reason ?? null) : null,
      });
  }
  const extras = new Map<string, MessageExtras>();
  const change = (messageId: string, update: (e: MessageExtras) => MessageExtras) =>
    extras.set(messageId, update(extras.get(messageId) ?? NO_EXTRAS));
  for (const p of pushes) {
    if (p.name === 'chat:message_edited') {
      const { messageId, text, at } = p.payload;
      change(messageId, (e) => {
        const start = e.history.length
          ? e.history
          : [{ text: originalText(messageId) ?? '', at: 0 }];
        return { ...e, history: [...start, { text, at }] };
      });
    } else if (p.name === 'chat:reaction') {
      const { by, reaction, emoji, reactionId } = p.payload;
      const id = idOfMid.get(p.payload.messageId) ?? p.payload.messageId;
      change(id, (e) =>
        by === 'customer'
          ? { ...e, customerReaction: reaction === null ? null : emoji }
          : {
              ...e,
              agentReaction: {
                reaction,
                emoji,
                ...(statusOf.get(reactionId ?? '') ?? { status: 'sending', failure: null }),
              },
            },
      );
    }
  }
  return extras;
}
