import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  EVENT_STORE,
  StateCache,
  aggregateStream,
  handleCommand,
  streamIdPart,
  type EventStore,
} from '@pagedesk/event-store';
import {
  atCapacity,
  agentSlotsDecider,
  type AgentSlotsCommand,
  type AgentSlotsRejection,
  type AgentSlotsState,
  type ClaimSeen,
  type RecordedAgentSlotsEvent,
} from '@pagedesk/routing';
import { AppError } from '@pagedesk/shared';
import { ROUTING_COORDINATION, type RoutingCoordination } from '../cluster/routing-coordination';
import { agentSlotsCodec } from './agent-slots-codec';
import { ConversationFeed } from './conversation-feed';

const streamOf = (agentId: string) => `agentslots-${streamIdPart(agentId)}`;

/** Into the one error taxonomy: `capacity` as the routing book's own refusal says it. */
function refusal(rejection: AgentSlotsRejection): AppError {
  switch (rejection.reason) {
    case 'at_capacity':
      return atCapacity(rejection.capacity);
    case 'invalid_time':
      return new AppError('invalid', 'slot command time must be an ISO-8601 time', {
        now: rejection.now,
      });
    default:
      return unhandled(rejection);
  }
}

function unhandled(value: never): never {
  throw new Error(`unhandled ${JSON.stringify(value)}`);
}

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
      this.decider({ rejection: null }),
      agentSlotsCodec,
      this.cache,
    );
    const book = this.feed.book;
    const seen: Record<string, ClaimSeen> = {};
    for (const { conversationId: id } of state.status === 'claimed' ? state.claims : []) {
      const c = book.conversation(id);
      if (c?.status === 'assigned' && c.agentId === agentId) seen[id] = 'held';
      else if (c?.status === 'ended' || c?.status === 'assigned') seen[id] = 'over';
    }
    const rejection = await this.run(stream, agentId, {
      type: 'ClaimSlot',
      data: { conversationId, capacity, held: book.heldBy(agentId), seen },
      metadata: { now: new Date().toISOString() },
    });
    if (rejection) throw refusal(rejection);
  }

  /** After the chat's command was refused; never rejects (an unreleased claim lapses by itself). */
  async release(agentId: string, conversationId: string): Promise<void> {
    if (!this.coordination.shared) return;
    await this.run(streamOf(agentId), agentId, {
      type: 'ReleaseSlot',
      data: { conversationId },
      metadata: { now: new Date().toISOString() },
    }).then(
      (rejection) =>
        rejection &&
        this.logger.warn({ agentId, conversationId, rejection }, 'slot release refused'),
      (error: unknown) =>
        this.logger.warn({ err: error, agentId, conversationId }, 'slot release failed'),
    );
  }

  /**
   * The command handler's decider port, which takes events only: a rejection becomes no events
   * (nothing appended) and is kept in `last`, the answer of the decision on the newest state.
   */
  private decider(last: { rejection: AgentSlotsRejection | null }) {
    return {
      initialState: agentSlotsDecider.initialState,
      evolve: agentSlotsDecider.evolve,
      decide: (command: AgentSlotsCommand, state: AgentSlotsState): RecordedAgentSlotsEvent[] => {
        const decision = agentSlotsDecider.decide(command, state);
        last.rejection = decision.outcome === 'rejected' ? decision.rejection : null;
        return decision.outcome === 'rejected' ? [] : [...decision.events];
      },
    };
  }

  /** The rejection of the command, or null once its events (if any) are appended. */
  private async run(
    stream: string,
    agentId: string,
    command: AgentSlotsCommand,
  ): Promise<AgentSlotsRejection | null> {
    const last: { rejection: AgentSlotsRejection | null } = { rejection: null };
    await handleCommand(
      this.store,
      stream,
      this.decider(last),
      agentSlotsCodec,
      command,
      {
        correlationId: randomUUID(),
        causationId: randomUUID(),
        actor: agentId,
        now: command.metadata.now,
      },
      { cache: this.cache },
    );
    return last.rejection;
  }
}
