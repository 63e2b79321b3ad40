import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CommandBus } from '@nestjs/cqrs';
import { isConversationError, type ConversationCommand } from '@pagedesk/conversation';
import { PAGE_DIRECTORY, type PageDirectory } from '@pagedesk/integrations';
import { planExpiries, type DueExpiry, type ScheduledExpiry } from '@pagedesk/lifecycle';
import {
  CHECKPOINTS,
  errorText,
  type Checkpoints,
  type PartError,
  type PartStatus,
} from '@pagedesk/processing';
import { deterministicUuid, failureReason } from '@pagedesk/shared';
import { isOpenAt } from '@pagedesk/tenancy';
import type { Env } from '../../config/env';
import { ExecuteConversationCommand } from '../../conversations/execute-conversation-command';
import { INBOUND_REACTOR } from '../../inbound/inbox';
import { PageStore } from '../../pages/page-store';
import { CLOCK, type Clock } from '../clock';
import { LifecycleIndex, type Scheduled } from './lifecycle-index';

/** Normal races, logged and skipped: the reactor has already moved or dropped the row. */
const SKIPPED = new Set(['not_yet_expired', 'already_ended', 'already_assigned']);

/** How soon to look again at a conversation whose delivery is still being applied. */
const UNSETTLED_RETRY_MS = 1_000;

/**
 * Expires conversations whose deadline passed and offers held-back ones to
 * agents once their page opens. Everything it acts on is read from
 * LifecycleIndex at the clock's time, so nothing depends on a timer having
 * survived: a sweep at start expires whatever became overdue while the server
 * was down, a periodic sweep catches the rest, and a short timer to the next
 * deadline within one period keeps expiry on time in between.
 *
 * A conversation is acted on only once the inbound reactor has applied every
 * delivery up to the latest event that moved its row. A delivery whose
 * customer wrote days ago starts a conversation that is overdue at birth;
 * expiring it before the delivery's own message is recorded would end it
 * under the inbound processor, which would open another, and so on.
 */
@Injectable()
export class LifecycleScheduler {
  private readonly logger = new Logger('Lifecycle');
  private readonly periodMs: number;
  private interval: NodeJS.Timeout | undefined;
  private timer: { readonly at: number; readonly handle: NodeJS.Timeout } | undefined;
  private stopped = false;
  /** Sweeps run one at a time; a sweep asked for while one runs is queued once. */
  private last: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;
  private started = false;
  /** The last sweep failed; the next one retries (every LIFECYCLE_SWEEP_MS). */
  private failing = false;
  private lastError: PartError | null = null;

  constructor(
    private readonly index: LifecycleIndex,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PAGE_DIRECTORY) private readonly directory: PageDirectory,
    private readonly pages: PageStore,
    private readonly commands: CommandBus,
    @Inject(CHECKPOINTS) private readonly checkpoints: Checkpoints,
    config: ConfigService<Env, true>,
  ) {
    this.periodMs = config.get('LIFECYCLE_SWEEP_MS', { infer: true });
  }

  start(): void {
    this.started = true;
    this.interval = setInterval(() => void this.sweep(), this.periodMs);
    void this.sweep();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.interval);
    clearTimeout(this.timer?.handle);
    await this.last;
  }

  health(): PartStatus {
    return {
      name: 'lifecycle-scheduler',
      kind: 'scheduler',
      state: !this.started || this.stopped ? 'stopped' : this.failing ? 'retrying' : 'running',
      position: null,
      lag: null,
      lastError: this.lastError,
    };
  }

  /** Resolves after a sweep that began after the call (tests move the clock, then sweep). */
  sweep(): Promise<void> {
    this.queued ??= this.last.then(() => {
      this.queued = undefined;
      return this.pass();
    });
    this.last = this.queued;
    return this.queued;
  }

  /** A conversation's deadline moved: wake for it if it falls before the next sweep. */
  wakeFor(entry: ScheduledExpiry | null): void {
    if (entry !== null) this.wakeAt(entry.withoutTag.at);
  }

  private async pass(): Promise<void> {
    if (this.stopped) return;
    const now = this.clock.now().getTime();
    try {
      const applied = this.checkpoints.get(INBOUND_REACTOR) ?? -1;
      const settled = ({ position }: Scheduled) => position <= applied;
      const nearing = this.index.nearing(now + this.periodMs);
      const plan = planExpiries(
        nearing.filter(settled).map(({ entry }) => entry),
        (pageId) => this.directory.findPage(pageId)?.humanAgentTagging ?? false,
        now,
      );
      for (const due of plan.due) await this.expire(due, now);
      for (const held of this.index.waiting().filter(settled)) {
        await this.offerIfOpen(held.entry, now);
      }
      if (plan.nextAt !== null) this.wakeAt(plan.nextAt);
      if (!nearing.every(settled)) this.wakeAt(now + UNSETTLED_RETRY_MS);
      this.failing = false;
    } catch (error) {
      this.failing = true;
      this.noteError(error);
      this.logger.error({ err: error }, 'lifecycle sweep failed; the next sweep retries');
    }
  }

  private expire(due: DueExpiry, now: number): Promise<void> {
    return this.execute(
      due.conversationId,
      {
        type: 'ExpireConversation',
        data: { humanAgentTagAllowed: due.humanAgentTagAllowed },
        metadata: { now: new Date(now).toISOString() },
      },
      // Two sweeps (or two servers) expiring the same deadline write the same event ids.
      `expire|${due.conversationId}|${due.deadline.rule}|${due.deadline.at}`,
    );
  }

  /** Held back outside working hours: offered to the page's queue once the page is open. */
  private async offerIfOpen(entry: ScheduledExpiry, now: number): Promise<void> {
    const page = this.directory.findPage(entry.pageId);
    if (!page) return;
    const hours = this.pages.page(entry.pageId)?.settings.workingHours ?? null;
    if (!isOpenAt(hours, now)) return;
    await this.execute(
      entry.conversationId,
      {
        type: 'QueueConversation',
        data: { queue: page.queueId },
        metadata: { now: new Date(now).toISOString() },
      },
      `offer-at-opening|${entry.conversationId}`,
    );
  }

  /** One conversation's failure is logged and retried next sweep; it never holds up the others. */
  private async execute(
    conversationId: string,
    command: ConversationCommand,
    cause: string,
  ): Promise<void> {
    const id = deterministicUuid(cause);
    try {
      await this.commands.execute(
        new ExecuteConversationCommand(conversationId, command, {
          correlationId: id,
          causationId: id,
          actor: 'scheduler',
          now: command.metadata.now,
        }),
      );
    } catch (error) {
      if (isConversationError(error) && SKIPPED.has(error.reason)) {
        this.logger.debug(
          { conversationId, command: command.type, reason: error.reason },
          'skipped',
        );
        return;
      }
      this.noteError(error);
      this.logger.warn(
        { conversationId, command: command.type, err: error },
        'lifecycle command failed',
      );
    }
  }

  private noteError(error: unknown): void {
    this.lastError = {
      message: errorText(error),
      reason: failureReason(error),
      at: new Date().toISOString(),
      eventId: null,
    };
  }

  private wakeAt(at: number): void {
    const delay = Math.max(0, at - this.clock.now().getTime());
    // A standby keeps the index but acts on nothing: its scheduler starts with the work lease.
    if (
      !this.started ||
      this.stopped ||
      delay > this.periodMs ||
      (this.timer && this.timer.at <= at)
    )
      return;
    clearTimeout(this.timer?.handle);
    const handle = setTimeout(() => {
      this.timer = undefined;
      void this.sweep();
    }, delay);
    this.timer = { at, handle };
  }
}
