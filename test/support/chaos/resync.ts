import type { AgentClient } from '../agents';
import type { JsonBody } from '../auth';

/** What the check needs of a desktop's connection: the pushes it got and the next one to come. */
type Pushes = Pick<AgentClient, 'all' | 'next'>;

/** Per conversation, the messages a desktop had (messageId → log position). */
export type SeenMessages = Map<string, Map<string, number>>;

/** How long a message past the new node's `sync.position` may take to come as a push there. */
const LATE_PUSH_MS = 10_000;

const messagesOf = (events: readonly JsonBody[]): JsonBody[] =>
  events.filter((e) => e.name === 'chat:message').map((e) => e.payload);

/** Everything the desktop had of its chats on one connection: its latest `sync` and the pushes after it. */
export function seenOn(client: Pushes, lastSync: JsonBody | undefined): SeenMessages {
  const seen: SeenMessages = new Map();
  const add = (m: JsonBody) => {
    const mine = seen.get(m.conversationId) ?? new Map<string, number>();
    mine.set(m.messageId, m.position);
    seen.set(m.conversationId, mine);
  };
  for (const chat of lastSync?.chats ?? []) {
    for (const m of messagesOf(chat.events)) add({ ...m, conversationId: chat.conversationId });
  }
  client.all('chat:message').forEach(add);
  return seen;
}

/**
 * The socket contract's promise after a reconnect (docs/socket-contract.md,
 * "Positions"), checked each time a desk agent moves to another node: every
 * chat it had is in the new node's `sync`, in log order; every message it had
 * (and every send it was told succeeded) is there with the same position and
 * id, or, when it is past `sync.position`, comes as a push. What is left
 * over is a gap, named in `gaps`.
 */
export class ResyncCheck {
  readonly gaps: string[] = [];
  resyncs = 0;
  messages = 0;

  /** Per agent, how many messages the chats of their latest `sync` hold. */
  private readonly holding = new Map<string, number>();

  constructor(private readonly latePushMs = LATE_PUSH_MS) {}

  synced(agentId: string, sync: JsonBody): void {
    const count = sync.chats.reduce(
      (sum: number, chat: JsonBody) => sum + messagesOf(chat.events).length,
      0,
    );
    this.holding.set(agentId, count);
  }

  /** Whether the agent's desk has a chat with messages in it, which a move must bring along. */
  busy(agentId: string): boolean {
    return (this.holding.get(agentId) ?? 0) > 0;
  }

  async compare(
    agentId: string,
    before: SeenMessages,
    acked: ReadonlyMap<string, readonly string[]>,
    closing: ReadonlySet<string>,
    client: Pushes,
    sync: JsonBody,
  ): Promise<void> {
    const gap = (text: string) => this.gaps.push(`${agentId}: ${text}`);
    const chats = new Map<string, JsonBody>(sync.chats.map((c: JsonBody) => [c.conversationId, c]));
    const conversations = new Set([...before.keys(), ...acked.keys()]);
    for (const conversationId of conversations) {
      // A close whose answer was lost to the kill may have happened: such a chat is rightly gone.
      if (closing.has(conversationId)) continue;
      const chat = chats.get(conversationId);
      if (!chat) {
        gap(`chat ${conversationId} missing from sync at ${sync.position}`);
        continue;
      }
      const positions: number[] = chat.events.map((e: JsonBody) => e.payload.position);
      if (
        positions.some((p, i) => i > 0 && p <= positions[i - 1]!) ||
        positions.at(-1)! > sync.position
      )
        gap(`chat ${conversationId} out of log order: ${positions.join(',')}`);
      const now = new Map<string, number>(
        messagesOf(chat.events).map((m) => [m.messageId, m.position]),
      );
      const expected = new Map(before.get(conversationId) ?? []);
      for (const messageId of acked.get(conversationId) ?? [])
        if (!expected.has(messageId)) expected.set(messageId, NaN);
      for (const [messageId, position] of expected) {
        this.messages++;
        if (now.has(messageId)) {
          if (!Number.isNaN(position) && now.get(messageId) !== position)
            gap(`${messageId} at ${now.get(messageId)} in sync, was ${position}`);
          continue;
        }
        if (position <= sync.position) {
          gap(`${messageId} (position ${position}) missing from sync at ${sync.position}`);
          continue;
        }
        // Past the new node's position (or an acknowledged send never seen): it must come live.
        await client
          .next(
            'chat:message',
            (m) => m.messageId === messageId && (Number.isNaN(position) || m.position === position),
            this.latePushMs,
          )
          .catch(() => gap(`${messageId} neither in sync at ${sync.position} nor pushed after`));
      }
    }
    this.resyncs++;
  }
}
