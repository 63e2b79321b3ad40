import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import {
  CHECKPOINTS,
  CheckpointStore,
  partLagAfter,
  Reactor,
  type Checkpoints,
  type PartStatus,
  type ReactorOptions,
} from '@pagedesk/processing';
import { PROCESS_ROLE, runsProcessing, type ProcessRole } from './process-role';
import { WORK_LEASE } from '../cluster/work-lease';
import type { Lease } from '../cluster/lease';

/** Something that works from the log in the background: a reactor, the projections, the outbox lanes. */
export interface BackgroundPart {
  start(): void;
  stop(): Promise<void>;
  /** What /ready says of it (one part, or several, e.g. one per projection). */
  health?(): PartStatus | readonly PartStatus[] | Promise<PartStatus | readonly PartStatus[]>;
  /** What /ready says of a one-node part on a node where another holds the work lease; nothing if absent. */
  standby?(): Promise<readonly PartStatus[]>;
}

/**
 * `one-node`: its side effects must happen once per deployment (a reactor,
 * the outbox, the scheduler), so with several nodes it runs only where the
 * work lease is held (and the read models when they are shared, in
 * PostgreSQL). `every-node`: it keeps this node's own data (the read models
 * in its SQLite file, the local indexes).
 */
export type PartScope = 'one-node' | 'every-node';

/** Something that runs in every role on its own (a follower, the routing feed) and reports on /ready. */
export type WatchedPart = () => PartStatus | Promise<PartStatus>;

/** Lag is counted by reading the log; /ready stops counting here. */
const LAG_COUNT_LIMIT = 1_000;

/**
 * The one place that decides where the log's processing runs: modules hand
 * their reactors and runners here, and they start (in the order given) only
 * in a role that processes (docs/processing.md); all stop on shutdown,
 * before the store closes. It is also where /ready learns of every
 * background part of this thread.
 */
@Injectable()
export class BackgroundWork implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly parts: BackgroundPart[] = [];
  private readonly everyNode = new Set<BackgroundPart>();
  /** Serialises starts and stops of the one-node parts as the lease comes and goes. */
  private handover: Promise<void> = Promise.resolve();
  private readonly reactors: Reactor[] = [];
  private readonly watched: WatchedPart[] = [];
  private readonly logger = new Logger('Reactor');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINTS) private readonly checkpoints: Checkpoints,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
    @Inject(WORK_LEASE) private readonly lease: Lease | null,
    private readonly local: CheckpointStore,
  ) {}

  /** A reactor on the log with its own checkpoint, started and stopped with the rest. */
  reactor(options: ReactorOptions): Reactor {
    const reactor = new Reactor(this.store, this.checkpoints, options, this.logger);
    this.reactors.push(reactor);
    return this.add(reactor);
  }

  /**
   * A reactor that only keeps an index in this node's read-models.db (what
   * the outbox has to deliver): it runs on every node, with its checkpoint
   * in that same file. With the checkpoint in the shared store a node taking
   * the work lease over would resume after events whose rows only the old
   * holder's disk has, and never deliver them (docs/postgres.md).
   */
  localIndex(options: ReactorOptions): Reactor {
    const reactor = new Reactor(this.store, this.local, options, this.logger);
    this.reactors.push(reactor);
    return this.add(reactor, 'every-node');
  }

  add<Part extends BackgroundPart>(part: Part, scope: PartScope = 'one-node'): Part {
    this.parts.push(part);
    if (scope === 'every-node') this.everyNode.add(part);
    return part;
  }

  /** Lanes and unfinished events of every reactor here, summed: bounded by work in flight. */
  reactorSizes(): { lanes: number; pending: number } {
    return this.reactors.reduce(
      (sum, reactor) => {
        const { lanes, pending } = reactor.sizes();
        return { lanes: sum.lanes + lanes, pending: sum.pending + pending };
      },
      { lanes: 0, pending: 0 },
    );
  }

  watch(status: WatchedPart): void {
    this.watched.push(status);
  }

  onApplicationBootstrap(): void {
    if (!runsProcessing(this.role)) return;
    if (!this.lease) {
      for (const part of this.parts) part.start();
      return;
    }
    for (const part of this.parts) if (this.everyNode.has(part)) part.start();
    this.lease.start({
      changed: (held) => {
        if (held) {
          this.logger.log(
            `work lease taken (token ${this.lease?.token}): this node runs the reactors`,
          );
        }
        this.handover = this.handover.then(() => (held ? this.takeOver() : this.giveUp()));
      },
      trouble: (error) => this.logger.warn({ err: error }, 'work lease connection failed'),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.lease?.stop();
    await this.handover;
    await Promise.all(this.parts.map((part) => part.stop()));
  }

  /** Where the last holder left off: its checkpoints are newer than the ones loaded at start. */
  private async takeOver(): Promise<void> {
    await this.checkpoints.reload?.();
    if (!this.lease?.held) return;
    for (const part of this.parts) if (!this.everyNode.has(part)) part.start();
  }

  /**
   * Another node may hold the lease now. The outbox lanes and the scheduler
   * cannot start again once stopped, so this node stops them and exits, as it
   * does when its processing worker fails: restarted, it comes back as a
   * standby (docs/postgres.md).
   */
  private async giveUp(): Promise<void> {
    this.logger.fatal(
      'work lease lost: stopping the reactors and exiting so the node is restarted',
    );
    await Promise.all(this.parts.filter((p) => !this.everyNode.has(p)).map((p) => p.stop()));
    process.exit(1);
  }

  /** A standby's one-node parts are not running, and that is as it should be. */
  private listed(part: BackgroundPart): boolean {
    return !this.lease || this.lease.held || this.everyNode.has(part);
  }

  /** Every part this thread runs, as /ready lists them. */
  async statuses(): Promise<PartStatus[]> {
    const watched = await Promise.all(this.watched.map((status) => status()));
    if (!runsProcessing(this.role)) return watched;
    const reactors = await Promise.all(
      this.reactors.filter((r) => this.listed(r)).map((r) => this.reactorStatus(r)),
    );
    const others = await Promise.all(
      this.parts
        .filter((p) => !(p instanceof Reactor))
        .map(async (p) =>
          this.listed(p) ? ((await p.health?.()) ?? []) : ((await p.standby?.()) ?? []),
        ),
    );
    return [...reactors, ...others.flat(), ...this.leaseStatus(), ...watched];
  }

  private leaseStatus(): PartStatus[] {
    if (!this.lease) return [];
    return [
      {
        name: 'work-lease',
        kind: 'lease',
        state: this.lease.held ? 'running' : 'standby',
        position: null,
        lag: null,
        lastError: null,
      },
    ];
  }

  private async reactorStatus(reactor: Reactor): Promise<PartStatus> {
    const { name, position, state, lastError } = reactor.status();
    return {
      name,
      kind: 'reactor',
      state,
      position: position ?? null,
      lag: await partLagAfter(this.store, position, LAG_COUNT_LIMIT),
      lastError,
    };
  }
}
