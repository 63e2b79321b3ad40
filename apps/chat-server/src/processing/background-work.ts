import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { CHECKPOINTS, Reactor, type Checkpoints, type ReactorOptions } from '@pagedesk/processing';
import { PROCESS_ROLE, runsProcessing, type ProcessRole } from './process-role';

/** Something that works from the log in the background: a reactor, the projections, the outbox lanes. */
export interface BackgroundPart {
  start(): void;
  stop(): Promise<void>;
}

/**
 * The one place that decides where the log's processing runs: modules hand
 * their reactors and runners here, and they start (in the order given) only
 * in a role that processes (docs/processing.md); all stop on shutdown,
 * before the store closes.
 */
@Injectable()
export class BackgroundWork implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly parts: BackgroundPart[] = [];
  private readonly logger = new Logger('Reactor');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINTS) private readonly checkpoints: Checkpoints,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
  ) {}

  /** A reactor on the log with its own checkpoint, started and stopped with the rest. */
  reactor(options: ReactorOptions): Reactor {
    return this.add(new Reactor(this.store, this.checkpoints, options, this.logger));
  }

  add<Part extends BackgroundPart>(part: Part): Part {
    this.parts.push(part);
    return part;
  }

  onApplicationBootstrap(): void {
    if (!runsProcessing(this.role)) return;
    for (const part of this.parts) part.start();
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.parts.map((part) => part.stop()));
  }
}
