import { Inject, Injectable } from '@nestjs/common';
import { AGENT_DIRECTORY, type AgentDirectory } from '../tenants/agent-directory.port';
import { ConversationFeed } from './conversation-feed';

export type AgentPresenceStatus = 'ready' | 'not_ready' | 'away' | 'offline';

export interface QueueLoad {
  /** Conversations waiting for an agent (those the customer has written in). */
  readonly waiting: number;
  readonly oldestQueuedAt: number | null;
  readonly oldestWaitMs: number | null;
  readonly agents: {
    /** Members connected and ready. */
    readonly ready: number;
    /** Members holding at least one chat. */
    readonly busy: number;
    /** Chats the ready members may hold at once. */
    readonly capacity: number;
    /** Chats the members hold now. */
    readonly load: number;
  };
}

export interface AgentLoad {
  readonly agentId: string;
  /** `away`: disconnected, still within the grace period. */
  readonly status: AgentPresenceStatus;
  readonly load: number;
  readonly capacity: number;
  readonly conversations: readonly string[];
}

/** Queue and agent figures for supervisors, read from the routing book (the same state routing uses). */
@Injectable()
export class LiveLoad {
  constructor(
    private readonly feed: ConversationFeed,
    @Inject(AGENT_DIRECTORY) private readonly directory: AgentDirectory,
  ) {}

  get position(): number {
    return this.feed.position;
  }

  /** Figures read before the routing state is loaded would be partial. */
  loaded(): Promise<void> {
    return this.feed.loaded();
  }

  queue(tenantId: string, queueId: string, now = Date.now()): QueueLoad {
    const book = this.feed.book;
    const waiting = book.waiting(tenantId, queueId);
    const oldest = waiting.reduce<number | null>(
      (min, c) => (c.status === 'queued' && (min === null || c.queuedAt < min) ? c.queuedAt : min),
      null,
    );
    const members = this.directory.membersOf(tenantId, queueId).map((id) => this.agent(id));
    const ready = members.filter((m) => m.status === 'ready');
    return {
      waiting: waiting.length,
      oldestQueuedAt: oldest,
      oldestWaitMs: oldest === null ? null : Math.max(0, now - oldest),
      agents: {
        ready: ready.length,
        busy: members.filter((m) => m.load > 0).length,
        capacity: ready.reduce((sum, m) => sum + m.capacity, 0),
        load: members.reduce((sum, m) => sum + m.load, 0),
      },
    };
  }

  agent(agentId: string): AgentLoad {
    const book = this.feed.book;
    const presence = book.presence(agentId);
    const status: AgentPresenceStatus = presence?.connected
      ? presence.ready
        ? 'ready'
        : 'not_ready'
      : presence?.ready
        ? 'away'
        : 'offline';
    const conversations = book.heldBy(agentId);
    return {
      agentId,
      status,
      load: conversations.length,
      capacity: this.directory.capacityOf(agentId),
      conversations,
    };
  }
}
