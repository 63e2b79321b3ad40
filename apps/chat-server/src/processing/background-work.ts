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
  partLagAfter,
  Reactor,
  type Checkpoints,
  type PartStatus,
  type ReactorOptions,
} from '@pagedesk/processing';
import { PROCESS_ROLE, runsProcessing, type ProcessRole } from './process-role';

/** Something that works from the log in the background: a reactor, the projections, the outbox lanes. */
export interface BackgroundPart {
  start(): void;
  stop(): Promise<void>;
  /** What /ready says of it (one part, or several, e.g. one per projection). */
  health?(): PartStatus | readonly PartStatus[] | Promise<PartStatus | readonly PartStatus[]>;
}

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
  private readonly reactors: Reactor[] = [];
  private readonly watched: WatchedPart[] = [];
  private readonly logger = new Logger('Reactor');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINTS) private readonly checkpoints: Checkpoints,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
  ) {}

  /** A reactor on the log with its own checkpoint, started and stopped with the rest. */
  reactor(options: ReactorOptions): Reactor {
    const reactor = new Reactor(this.store, this.checkpoints, options, this.logger);
    this.reactors.push(reactor);
    return this.add(reactor);
  }

  add<Part extends BackgroundPart>(part: Part): Part {
    this.parts.push(part);
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
    for (const part of this.parts) part.start();
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.parts.map((part) => part.stop()));
  }

  /** Every part this thread runs, as /ready lists them. */
  async statuses(): Promise<PartStatus[]> {
    const watched = await Promise.all(this.watched.map((status) => status()));
    if (!runsProcessing(this.role)) return watched;
    const reactors = await Promise.all(this.reactors.map((r) => this.reactorStatus(r)));
    const others = await Promise.all(
      this.parts
        .filter((p) => !(p instanceof Reactor))
        .map(async (p) => (await p.health?.()) ?? []),
    );
    return [...reactors, ...others.flat(), ...watched];
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
