import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Response } from 'express';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import type { PartStatus } from '@pagedesk/processing';
import type { Env } from '../config/env';
import { BackgroundWork } from '../processing/background-work';
import { PROCESS_ROLE, servesPeople, type ProcessRole } from '../processing/process-role';
import { OTHER_THREAD_PARTS, type OtherThreadParts } from '../processing/processing.module';
import { QuarantineView } from '../quarantine/quarantine-view';
import { ConversationFeed } from '../routing/conversation-feed';

@Controller()
export class HealthController {
  private readonly maxLagMs: number;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly work: BackgroundWork,
    @Inject(OTHER_THREAD_PARTS) private readonly otherThread: OtherThreadParts,
    private readonly quarantine: QuarantineView,
    private readonly feed: ConversationFeed,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
    config: ConfigService<Env, true>,
  ) {
    this.maxLagMs = config.get('READY_MAX_LAG_MS', { infer: true });
  }

  /** Liveness: the process answers. */
  @Get('health')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /**
   * Readiness: the event store answers, (where people connect) the routing
   * state is loaded, and every background part is running or retrying within
   * READY_MAX_LAG_MS of the log (docs/processing.md). Webhooks are
   * acknowledged before routing is loaded: they only need the store.
   */
  @Get('ready')
  @HealthCheck()
  ready(@Res({ passthrough: true }) response: Response) {
    // Terminus reports "not ready" by throwing; answer 503 with its own report, not the generic error body.
    return this.readiness().catch((error: unknown) => {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(503);
      return error.getResponse();
    });
  }

  private readiness() {
    return this.health.check([
      async () => {
        const session = this.indicators.check('eventStore');
        try {
          await this.store.ping();
          return session.up({ headPosition: (await this.store.headPosition()) ?? null });
        } catch (error) {
          return session.down({ message: (error as Error).message });
        }
      },
      ...(servesPeople(this.role)
        ? [
            async () => {
              const session = this.indicators.check('routing');
              const state = this.feed.loadState();
              return state.loaded
                ? session.up()
                : session.down(state.error ? { message: state.error } : { message: 'loading' });
            },
          ]
        : []),
      async () => {
        const session = this.indicators.check('background');
        try {
          const parts = [...(await this.work.statuses()), ...(await this.otherThread.parts())];
          const details = { maxLagMs: this.maxLagMs, parts };
          return parts.some((p) => this.holdsBack(p)) ? session.down(details) : session.up(details);
        } catch (error) {
          return session.down({ message: (error as Error).message });
        }
      },
      // Reported, not judged: a quarantined item waits for an operator and holds nothing else back.
      () => {
        const byTenant = this.quarantine.book.countsByTenant();
        return this.indicators.check('quarantine').up({ total: this.quarantine.total(), byTenant });
      },
    ]);
  }

  /** Retrying is fine (it heals by itself) unless it keeps the part further behind than allowed. */
  private holdsBack(part: PartStatus): boolean {
    return part.state === 'stopped' || (part.lag?.ms ?? 0) > this.maxLagMs;
  }
}
