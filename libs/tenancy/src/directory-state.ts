import type { DirectoryEvent, QueueEvent, TenantEvent, UserEvent } from './events';
import { evolveQueue, type QueueState } from './queue-decider';
import { evolveUser, type UserState } from './user-decider';
import { tenantDecider, type TenantState } from './tenant-decider';

export interface Audited {
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export type UserRecord = UserState & Audited;
export type QueueRecord = QueueState & Audited;
export type TenantRecord = TenantState & Audited;

const DIRECTORY_TYPES = new Set<string>([
  'TenantCreated',
  'UserCreated',
  'UserUpdated',
  'UserPasswordChanged',
  'UserDisabled',
  'UserEnabled',
  'UserSessionsRevoked',
  'QueueCreated',
  'QueueUpdated',
]);

export const isDirectoryEvent = (event: { type: string; streamName: string }): boolean =>
  DIRECTORY_TYPES.has(event.type) && /^(tenant|user|queue)-/.test(event.streamName);

/** The whole tenant directory in memory, folded from the log (tenants, users, queues). */
export class DirectoryState {
  readonly tenants = new Map<string, TenantRecord>();
  readonly users = new Map<string, UserRecord>();
  private readonly userIdByEmail = new Map<string, string>();
  /** Keyed by `${tenantId}.${queueId}`. */
  readonly queues = new Map<string, QueueRecord>();

  apply(event: DirectoryEvent, at: { recordedAt: string; actor: string }): void {
    switch (event.type) {
      case 'TenantCreated':
        return this.applyTenant(event, at);
      case 'QueueCreated':
      case 'QueueUpdated':
        return this.applyQueue(event, at);
      default:
        return this.applyUser(event, at);
    }
  }

  userByEmail(email: string): UserRecord | undefined {
    const id = this.userIdByEmail.get(email);
    return id === undefined ? undefined : this.users.get(id);
  }

  queue(tenantId: string, queueId: string): QueueRecord | undefined {
    return this.queues.get(`${tenantId}.${queueId}`);
  }

  private applyTenant(event: TenantEvent, at: { recordedAt: string; actor: string }): void {
    const next = tenantDecider.evolve(null, event)!;
    this.tenants.set(next.tenantId, { ...next, ...audited(undefined, at) });
  }

  private applyUser(event: UserEvent, at: { recordedAt: string; actor: string }): void {
    const before = this.users.get(event.data.userId);
    const next = evolveUser(before ?? null, event);
    if (!next) return;
    this.users.set(next.userId, { ...next, ...audited(before, at) });
    this.userIdByEmail.set(next.email, next.userId);
  }

  private applyQueue(event: QueueEvent, at: { recordedAt: string; actor: string }): void {
    const key = `${event.data.tenantId}.${event.data.queueId}`;
    const before = this.queues.get(key);
    const next = evolveQueue(before ?? null, event);
    if (next) this.queues.set(key, { ...next, ...audited(before, at) });
  }
}

function audited(before: Audited | undefined, at: { recordedAt: string; actor: string }): Audited {
  return {
    createdAt: before?.createdAt ?? at.recordedAt,
    updatedAt: at.recordedAt,
    updatedBy: at.actor,
  };
}
