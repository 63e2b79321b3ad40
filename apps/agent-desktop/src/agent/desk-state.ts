import type { ChatDescription, ChatPush, Content, SyncResult } from '@pagedesk/contracts';

/** A message the agent sent that the server has not yet pushed back (shown as "sending"). */
export interface Outgoing {
  readonly clientMessageId: string;
  readonly content: Content;
  readonly error: string | null;
}

export interface Chat {
  readonly description: ChatDescription;
  /** Every push about this chat, unique by `pushKey`, in log order: the transcript is folded from it. */
  readonly pushes: readonly ChatPush[];
  readonly outgoing: readonly Outgoing[];
}

export interface DeskState {
  readonly offers: readonly ChatDescription[];
  readonly chats: readonly Chat[];
}

export type DeskAction =
  | { readonly type: 'synced'; readonly result: SyncResult }
  | { readonly type: 'requested'; readonly offer: ChatDescription }
  | { readonly type: 'withdrawn'; readonly conversationId: string }
  | { readonly type: 'assigned'; readonly chat: ChatDescription }
  | { readonly type: 'push'; readonly push: ChatPush }
  | { readonly type: 'sending'; readonly conversationId: string; readonly outgoing: Outgoing }
  | {
      readonly type: 'sendFailed';
      readonly conversationId: string;
      readonly clientMessageId: string;
      readonly error: string;
    }
  | { readonly type: 'dismissed'; readonly conversationId: string };

export const emptyDesk: DeskState = { offers: [], chats: [] };

/** One event can reach the desktop twice (live and again in `sync`): its name and position identify it. */
const pushKey = (push: ChatPush) =>
  `${push.name}@${push.payload.position}:${'messageId' in push.payload ? push.payload.messageId : ''}`;

function mergePushes(existing: readonly ChatPush[], more: readonly ChatPush[]): ChatPush[] {
  const byKey = new Map(existing.map((p) => [pushKey(p), p]));
  for (const push of more) byKey.set(pushKey(push), push);
  return [...byKey.values()].sort((a, b) => a.payload.position - b.payload.position);
}

/** Outgoing messages leave the "sending" list once the server has pushed them back. */
function settleOutgoing(chat: Chat): Chat {
  const pushed = new Set(
    chat.pushes.flatMap((p) =>
      p.name === 'chat:message' && p.payload.clientMessageId ? [p.payload.clientMessageId] : [],
    ),
  );
  const outgoing = chat.outgoing.filter((o) => !pushed.has(o.clientMessageId));
  return outgoing.length === chat.outgoing.length ? chat : { ...chat, outgoing };
}

const isEnded = (chat: Chat) => chat.pushes.some((p) => p.name === 'chat:ended');

function updateChat(
  state: DeskState,
  conversationId: string,
  change: (chat: Chat) => Chat,
): DeskState {
  if (!state.chats.some((c) => c.description.conversationId === conversationId)) return state;
  return {
    ...state,
    chats: state.chats.map((c) =>
      c.description.conversationId === conversationId ? settleOutgoing(change(c)) : c,
    ),
  };
}

/**
 * The agent's screen as a pure function of what the server said. `sync`
 * answers and live pushes may overlap or arrive in either order around a
 * reconnect: pushes merge by key, so nothing shows twice and nothing is lost.
 */
export function deskReducer(state: DeskState, action: DeskAction): DeskState {
  switch (action.type) {
    case 'synced':
      return synced(state, action.result);
    case 'requested':
      if (
        state.chats.some(
          (c) => c.description.conversationId === action.offer.conversationId && !isEnded(c),
        )
      )
        return state;
      return {
        ...state,
        offers: [
          ...state.offers.filter((o) => o.conversationId !== action.offer.conversationId),
          action.offer,
        ],
      };
    case 'withdrawn':
      return {
        ...state,
        offers: state.offers.filter((o) => o.conversationId !== action.conversationId),
      };
    case 'assigned': {
      const id = action.chat.conversationId;
      const offers = state.offers.filter((o) => o.conversationId !== id);
      const known = state.chats.find((c) => c.description.conversationId === id);
      // A chat transferred back to this agent starts a new stint: the old ending no longer applies.
      const chat: Chat = known
        ? {
            ...known,
            description: action.chat,
            pushes: known.pushes.filter((p) => p.name !== 'chat:ended'),
          }
        : {
            description: action.chat,
            pushes: action.chat.firstMessages.map((payload) => ({ name: 'chat:message', payload })),
            outgoing: [],
          };
      return { offers, chats: [...state.chats.filter((c) => c !== known), chat] };
    }
    case 'push':
      return updateChat(state, action.push.payload.conversationId, (c) => ({
        ...c,
        pushes: mergePushes(c.pushes, [action.push]),
      }));
    case 'sending':
      return updateChat(state, action.conversationId, (c) => ({
        ...c,
        outgoing: [
          ...c.outgoing.filter((o) => o.clientMessageId !== action.outgoing.clientMessageId),
          action.outgoing,
        ],
      }));
    case 'sendFailed':
      return updateChat(state, action.conversationId, (c) => ({
        ...c,
        outgoing: c.outgoing.map((o) =>
          o.clientMessageId === action.clientMessageId ? { ...o, error: action.error } : o,
        ),
      }));
    case 'dismissed':
      return {
        ...state,
        chats: state.chats.filter((c) => c.description.conversationId !== action.conversationId),
      };
    default: {
      const unhandled: never = action;
      return unhandled;
    }
  }
}

function synced(state: DeskState, result: SyncResult): DeskState {
  const held = new Map(result.chats.map((c) => [c.conversationId, c]));
  const chats: Chat[] = state.chats.map((chat) => {
    const fresh = held.get(chat.description.conversationId);
    if (fresh)
      return settleOutgoing({
        ...chat,
        description: fresh,
        pushes: mergePushes(chat.pushes, fresh.events),
      });
    if (isEnded(chat)) return chat;
    // Taken away while the desktop was offline (the grace period ran out): say so rather than vanish.
    const ended: ChatPush = {
      name: 'chat:ended',
      payload: {
        conversationId: chat.description.conversationId,
        position: result.position,
        reason: 'requeued',
        at: Date.now(),
      },
    };
    return { ...chat, pushes: mergePushes(chat.pushes, [ended]) };
  });
  for (const fresh of result.chats)
    if (!state.chats.some((c) => c.description.conversationId === fresh.conversationId))
      chats.push({ description: fresh, pushes: mergePushes([], fresh.events), outgoing: [] });
  // Offers pushed after the sync's position are newer than its answer and stay.
  const later = state.offers.filter((o) => (o.position ?? 0) > result.position);
  const offers = [
    ...result.offers,
    ...later.filter((o) => !result.offers.some((r) => r.conversationId === o.conversationId)),
  ];
  return { offers, chats };
}
