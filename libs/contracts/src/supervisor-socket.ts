import { Type } from '@sinclair/typebox';
import { EpochMs, Nullable, type Wire } from './schema';
import { RenewRequest, SessionEndedPush } from './session';

/** The `/supervisor` namespace: live figures of the caller's tenant (docs/socket-contract.md). */
export const QueueFigures = Type.Object({
  waiting: Type.Number(),
  oldestQueuedAt: Nullable(EpochMs),
  oldestWaitMs: Nullable(Type.Number()),
  agents: Type.Object({
    ready: Type.Number(),
    busy: Type.Number(),
    capacity: Type.Number(),
    load: Type.Number(),
  }),
});
export type QueueFigures = Wire<typeof QueueFigures>;

export const AgentPresenceStatus = Type.Union(
  (['ready', 'not_ready', 'away', 'offline'] as const).map((s) => Type.Literal(s)),
);

export const AgentFigures = Type.Object({
  agentId: Type.String(),
  status: AgentPresenceStatus,
  load: Type.Number(),
  capacity: Type.Number(),
  conversations: Type.Array(Type.String()),
});
export type AgentFigures = Wire<typeof AgentFigures>;

export const ConversationStatus = Type.Union(
  (['open', 'queued', 'assigned', 'ended'] as const).map((s) => Type.Literal(s)),
);

export const SupervisorPushes = {
  'queue:updated': Type.Composite([
    Type.Object({ queueId: Type.String() }),
    QueueFigures,
    Type.Object({ position: Type.Number() }),
  ]),
  'agent:updated': Type.Composite([AgentFigures, Type.Object({ position: Type.Number() })]),
  'conversation:updated': Type.Object({
    conversationId: Type.String(),
    pageId: Type.String(),
    status: ConversationStatus,
    queue: Nullable(Type.String()),
    agentId: Nullable(Type.String()),
    position: Type.Number(),
  }),
  /** The transcript read model holds a new event of a watched conversation: read it again. */
  'transcript:changed': Type.Object({ conversationId: Type.String(), position: Type.Number() }),
  'session:ended': SessionEndedPush,
} as const;
export type SupervisorPushName = keyof typeof SupervisorPushes;

export const SupervisorRequests = {
  sync: {
    payload: Type.Object({}),
    ack: Type.Object({
      position: Type.Number(),
      queues: Type.Array(Type.Composite([Type.Object({ queueId: Type.String() }), QueueFigures])),
      agents: Type.Array(AgentFigures),
    }),
  },
  'transcript:watch': {
    payload: Type.Object({ conversationId: Type.String({ format: 'uuid' }) }),
    ack: Type.Object({}),
  },
  'transcript:unwatch': {
    payload: Type.Object({ conversationId: Type.String({ format: 'uuid' }) }),
    ack: Type.Object({}),
  },
  'auth:renew': RenewRequest,
} as const;
export type SupervisorRequestName = keyof typeof SupervisorRequests;
