import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  handleCommand,
  WrongExpectedVersionError,
  type CommandContext,
  type Decider,
  type DomainEvent,
  type EventMetadata,
  type EventStore,
  type RecordedEvent,
} from '@pagedesk/event-store';
import { AppError } from '@pagedesk/shared';
import {
  DEFAULT_MAX_CHATS,
  emailClaimStream,
  normaliseEmail,
  passwordProblem,
  queueDecider,
  queueStream,
  tenantDecider,
  tenantStream,
  userDecider,
  userStream,
  type QueueCommand,
  type Role,
  type RoutingMode,
  type UserCommand,
} from '@pagedesk/tenancy';
import { PasswordHasher } from '../auth/password-hasher';
import { TenantDirectory } from './tenant-directory';

/** Who changes configuration: becomes every event's actor, and correlates with the request log. */
export interface Actor {
  readonly userId: string;
  readonly requestId?: string;
}

export const SYSTEM_ACTOR: Actor = { userId: 'system' };

export interface NewUser {
  readonly tenantId: string | null;
  readonly email: string;
  readonly password: string;
  readonly displayName: string;
  readonly role: Role;
  readonly maxChats?: number;
}

const decode = <E extends DomainEvent>(e: RecordedEvent) =>
  ({ type: e.type, data: e.data }) as unknown as E;

/** Every configuration change of tenants, users and queues goes through here, as events. */
@Injectable()
export class TenantCommands {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly directory: TenantDirectory,
    private readonly passwords: PasswordHasher,
  ) {}

  async createTenant(tenantId: string, name: string, actor: Actor): Promise<void> {
    await this.run(
      tenantStream(tenantId),
      tenantDecider,
      { type: 'CreateTenant', data: { tenantId, name } },
      actor,
    );
  }

  async createUser(user: NewUser, actor: Actor): Promise<string> {
    const problem = passwordProblem(user.password);
    if (problem) throw new AppError('invalid', problem);
    const userId = randomUUID();
    const email = normaliseEmail(user.email);
    await this.claimEmail(email, userId, actor);
    const passwordHash = await this.passwords.hash(user.password);
    await this.runUser(
      userId,
      {
        type: 'CreateUser',
        data: {
          userId,
          tenantId: user.tenantId,
          email,
          displayName: user.displayName,
          role: user.role,
          passwordHash,
          maxChats: user.maxChats ?? DEFAULT_MAX_CHATS,
        },
      },
      actor,
    );
    return userId;
  }

  async changePassword(userId: string, password: string, actor: Actor): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw new AppError('invalid', problem);
    await this.runUser(
      userId,
      { type: 'ChangePassword', passwordHash: await this.passwords.hash(password) },
      actor,
    );
  }

  runUser(userId: string, command: UserCommand, actor: Actor): Promise<void> {
    return this.run(userStream(userId), userDecider, command, actor);
  }

  async createQueue(
    queue: {
      tenantId: string;
      queueId: string;
      name: string;
      routingMode: RoutingMode;
      members: string[];
    },
    actor: Actor,
  ): Promise<void> {
    this.assertMembers(queue.tenantId, queue.members);
    await this.run(
      queueStream(queue.tenantId, queue.queueId),
      queueDecider,
      { type: 'CreateQueue', data: queue },
      actor,
    );
  }

  async updateQueue(
    tenantId: string,
    queueId: string,
    command: QueueCommand,
    actor: Actor,
  ): Promise<void> {
    if (command.type === 'UpdateQueue' && command.changes.members)
      this.assertMembers(tenantId, command.changes.members);
    await this.run(queueStream(tenantId, queueId), queueDecider, command, actor);
  }

  /** Members are users of the same tenant; another tenant's user is as unknown as a made-up id. */
  private assertMembers(tenantId: string, members: readonly string[]): void {
    const unknown = members.find((id) => this.directory.userRecord(id)?.tenantId !== tenantId);
    if (unknown) throw new AppError('invalid', `members: unknown user ${unknown}`);
  }

  /** A stream per address whose first event wins: two users can never share an e-mail, even in a race. */
  private async claimEmail(email: string, userId: string, actor: Actor): Promise<void> {
    const digest = createHash('sha256').update(email).digest('hex');
    try {
      await this.store.appendToStream(
        emailClaimStream(digest),
        [
          {
            id: randomUUID(),
            type: 'UserEmailClaimed',
            data: { userId },
            metadata: metadataOf(actor),
          },
        ],
        { expectedRevision: 'no_stream' },
      );
    } catch (error) {
      if (error instanceof WrongExpectedVersionError)
        throw new AppError('conflict', 'email: a user with this e-mail address already exists');
      throw error;
    }
  }

  private async run<S, C, E extends DomainEvent>(
    stream: string,
    decider: Decider<S, C, E>,
    command: C,
    actor: Actor,
  ): Promise<void> {
    const result = await handleCommand(
      this.store,
      stream,
      decider,
      { decode: decode<E> },
      command,
      context(actor),
    );
    await this.directory.waitFor(result.globalPosition);
  }
}

export function metadataOf(actor: Actor): EventMetadata {
  const { now, ...rest } = context(actor);
  return { ...rest, recordedAt: now };
}

export function context(actor: Actor): CommandContext {
  const causationId = randomUUID();
  return {
    correlationId: actor.requestId ?? causationId,
    causationId,
    actor: actor.userId,
    now: new Date().toISOString(),
  };
}
