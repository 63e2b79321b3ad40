import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@pagedesk/event-store';
import {
  DIRECTORY_EVENT_TYPES,
  DirectoryState,
  isDirectoryEvent,
  normaliseEmail,
  type DirectoryEvent,
  type QueueRecord,
  type TenantRecord,
  type UserRecord,
} from '@pagedesk/tenancy';
import type { AgentDirectory, DirectoryQueue, DirectoryUser } from './agent-directory.port';
import { BackgroundWork } from '../processing/background-work';
import { FollowedView } from './followed-view';

/** The tenant directory (tenants, users, queues) in memory, rebuilt from the log at start. */
@Injectable()
export class TenantDirectory extends FollowedView implements AgentDirectory {
  private readonly state = new DirectoryState();
  private readonly userListeners: ((userId: string) => void)[] = [];
  /**
   * queuesOf per agent until the next directory event: routing asks for every
   * agent whose offers or waiting count change, and the answer scans the
   * tenant's queues and their members.
   */
  private readonly queuesByAgent = new Map<string, readonly DirectoryQueue[]>();

  constructor(@Inject(EVENT_STORE) store: EventStore, work: BackgroundWork) {
    super(store, work, {
      name: 'tenant-directory',
      filter: { types: [...DIRECTORY_EVENT_TYPES], categories: ['tenant', 'user', 'queue'] },
      accepts: isDirectoryEvent,
    });
  }

  hasUsers(): boolean {
    return this.state.users.size > 0;
  }

  tenant(tenantId: string): TenantRecord | undefined {
    return this.state.tenants.get(tenantId);
  }

  tenants(): TenantRecord[] {
    return [...this.state.tenants.values()];
  }

  /** Includes the password hash: for login only, never for a response. */
  credentialsOf(email: string): UserRecord | undefined {
    return this.state.userByEmail(normaliseEmail(email));
  }

  userRecord(userId: string): UserRecord | undefined {
    return this.state.users.get(userId);
  }

  usersIn(tenantId: string): UserRecord[] {
    return [...this.state.users.values()].filter((u) => u.tenantId === tenantId);
  }

  queueRecord(tenantId: string, queueId: string): QueueRecord | undefined {
    return this.state.queue(tenantId, queueId);
  }

  queueRecordsIn(tenantId: string): QueueRecord[] {
    return [...this.state.queues.values()].filter((q) => q.tenantId === tenantId);
  }

  findUser(userId: string): DirectoryUser | undefined {
    const user = this.state.users.get(userId);
    return user && toDirectoryUser(user);
  }

  queuesOf(agentId: string): readonly DirectoryQueue[] {
    const known = this.queuesByAgent.get(agentId);
    if (known) return known;
    const user = this.state.users.get(agentId);
    if (!user?.tenantId) return [];
    const queues = this.queueRecordsIn(user.tenantId)
      .filter((q) => q.members.includes(agentId))
      .map(toDirectoryQueue);
    this.queuesByAgent.set(agentId, queues);
    return queues;
  }

  membersOf(tenantId: string, queueId: string): readonly string[] {
    return this.state.queue(tenantId, queueId)?.members ?? [];
  }

  capacityOf(userId: string): number {
    const user = this.state.users.get(userId);
    return !user || user.disabled ? 0 : user.maxChats;
  }

  queue(tenantId: string, queueId: string): DirectoryQueue | undefined {
    const queue = this.state.queue(tenantId, queueId);
    return queue && toDirectoryQueue(queue);
  }

  queuesIn(tenantId: string): DirectoryQueue[] {
    return this.queueRecordsIn(tenantId).map(toDirectoryQueue);
  }

  /** Called after a change to a user is applied, on every node (each follows the log): how open sockets learn of revocation. */
  onUserChanged(listener: (userId: string) => void): void {
    this.userListeners.push(listener);
  }

  protected apply(event: RecordedEvent): void {
    const change = event as unknown as DirectoryEvent;
    this.state.apply(change, event.metadata);
    this.queuesByAgent.clear();
    if ('userId' in change.data && event.streamName.startsWith('user-'))
      for (const listener of this.userListeners) listener(change.data.userId);
  }
}

const toDirectoryUser = (u: UserRecord): DirectoryUser => ({
  userId: u.userId,
  tenantId: u.tenantId,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  maxChats: u.maxChats,
  disabled: u.disabled,
});

const toDirectoryQueue = (q: QueueRecord): DirectoryQueue => ({
  tenantId: q.tenantId,
  queueId: q.queueId,
  name: q.name,
  routingMode: q.routingMode,
  members: q.members,
  offerGroup:
    q.offerGroupSize === null
      ? null
      : { size: q.offerGroupSize, ringMs: q.offerRingSeconds * 1000 },
});
