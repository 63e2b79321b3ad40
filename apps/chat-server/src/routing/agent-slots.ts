import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  EVENT_STORE,
  StateCache,
  aggregateStream,
  handleCommand,
  streamIdPart,
  type EventCodec,
  type EventStore,
  type RecordedEvent,
} from '@pagedesk/event-store';
import {
  agentSlotsDecider,
  type AgentSlotsCommand,
  type AgentSlotsEvent,
  type AgentSlotsState,
  type ClaimSeen,
} from '@pagedesk/routing';
import { ROUTING_COORDINATION, type RoutingCoordination } from '../cluster/routing-coordination';
import { ConversationFeed } from './conversation-feed';

const streamOf = (agentId: string) => `agentslots-${streamIdPart(agentId)}`;

const SLOT_EVENTS: ReadonlySet<string> = new Set(['AgentSlotClaimed', 'AgentSlotReleased']);

const codec: EventCodec<AgentSlotsEvent> = {
  decode: (recorded: RecordedEvent) => {
    if (!SLOT_EVENTS.has(recorded.type)) throw new Error(`not a slot event: ${recorded.type}`);
    return { type: recorded.type, data: recorded.data } as AgentSlotsEvent;
  },
};

/**
 * Where the nodes of a cluster agree on an agent's capacity (docs/postgres.md,
 * "Capacity across nodes"): a claim on the agent's slot stream, appended with
 * expected revision before the conversation command that gives them the chat,
 * released if that command is refused. One node needs none of it: its routing
 * book reserves a slot synchronously, so two decisions there never share one.
 */
@Injectable()
export class AgentSlots {
  private readonly logger = new Logger(AgentSlots.name);
  private readonly cache = new StateCache<AgentSlotsState>(5_000);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ROUTING_COORDINATION) private readonly coordination: RoutingCoordination,
    private readonly feed: ConversationFeed,
  ) {}

  /** Rejects with `capacity` when the agent's slots are taken, as the cluster has recorded them. */
  async claim(agentId: string, conversationId: string, capacity: number): Promise<void> {
    if (!this.coordination.shared) return;
    const stream = streamOf(agentId);
    // What the book says of the claims on record; a claim appended meanwhile is unknown, so it counts.
    const { state } = await aggregateStream(
      this.store,
      stream,
      agentSlotsDecider,
      codec,
      this.cache,
    );
    const book = this.feed.book;
    const seen: Record<string, ClaimSeen> = {};
    for (const { conversationId: id } of state.claims) {
      const c = book.conversation(id);
      if (c?.status === 'assigned' && c.agentId === agentId) seen[id] = 'held';
      else if (c?.status === 'ended' || c?.status === 'assigned') seen[id] = 'over';
    }
    await this.run(stream, agentId, {
      type: 'ClaimSlot',
      data: { conversationId, capacity, held: book.heldBy(agentId), seen },
      metadata: { now: new Date().toISOString() },
    });
  }

  /** After the chat's command was refused; never rejects (an unreleased claim lapses by itself). */
  async release(agentId: string, conversationId: string): Promise<void> {
    if (!this.coordination.shared) return;
    await this.run(streamOf(agentId), agentId, {
      type: 'ReleaseSlot',
      data: { conversationId },
      metadata: { now: new Date().toISOString() },
    }).catch((error: unknown) =>
      this.logger.warn({ err: error, agentId, conversationId }, 'slot release failed'),
    );
  }

  private async run(stream: string, agentId: string, command: AgentSlotsCommand): Promise<void> {
    await handleCommand(
      this.store,
      stream,
      agentSlotsDecider,
      codec,
      command,
      {
        correlationId: randomUUID(),
        causationId: randomUUID(),
        actor: agentId,
        now: command.metadata.now,
      },
      { cache: this.cache },
    );
  }
}
