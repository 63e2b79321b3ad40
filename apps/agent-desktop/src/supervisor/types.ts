/** REST shapes the supervision view reads (docs/projections.md, docs/socket-contract.md). */
export interface QueueRow {
  readonly queueId: string;
  readonly name: string;
  readonly routingMode: 'offer' | 'auto';
  readonly live?: {
    readonly waiting: number;
    readonly oldestQueuedAt: number | null;
    readonly agents: {
      readonly ready: number;
      readonly busy: number;
      readonly capacity: number;
      readonly load: number;
    };
  };
}

export interface AgentRow {
  readonly agentId: string;
  readonly displayName: string;
  readonly status: 'ready' | 'not_ready' | 'away' | 'offline';
  readonly load: number;
  readonly capacity: number;
  readonly queues: readonly string[];
}

export interface ConversationRow {
  readonly conversationId: string;
  readonly pageId: string;
  readonly channel: string;
  readonly queue: string | null;
  readonly customer: { readonly name: string | null; readonly guest: boolean; readonly id: string };
  readonly status: string;
  readonly agentId: string | null;
  readonly startedAt: number;
  readonly closedAt: number | null;
  readonly waitMs: number | null;
  readonly messages: { readonly customer: number; readonly agent: number };
}

export interface TranscriptEntry {
  readonly id: string;
  readonly at: number;
  readonly kind: 'customer' | 'agent' | 'page' | 'automatic' | 'system';
  readonly type: string;
  readonly agent: { readonly id: string; readonly name: string } | null;
  readonly text: string | null;
  readonly details: Readonly<Record<string, unknown>>;
  readonly delivery: string | null;
  readonly failure: string | null;
}

export interface Transcript {
  readonly conversationId: string;
  readonly customerName: string | null;
  readonly entries: readonly TranscriptEntry[];
}
