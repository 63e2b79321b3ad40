import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { PROCESS_ROLE, servesPeople, type ProcessRole } from '../processing/process-role';
import { PROJECTIONS_HEALTH, type ProjectionsHealth } from '../processing/processing.module';
import { ConversationFeed } from '../routing/conversation-feed';

@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTIONS_HEALTH) private readonly projections: ProjectionsHealth,
    private readonly feed: ConversationFeed,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
  ) {}

  /** Liveness: the process answers. */
  @Get('health')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /**
   * Readiness: the event store answers, so acknowledged work can be made
   * durable, and (where people connect) the routing state is loaded.
   * Webhooks are acknowledged before that: they only need the store.
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
      // Lag is reported, not judged: a rebuild lags for a while and that is fine; a stopped projection is not.
      async () => {
        const session = this.indicators.check('projections');
        try {
          const projections = await this.projections.health();
          const details = { projections };
          return projections.some((p) => p.failed) ? session.down(details) : session.up(details);
        } catch (error) {
          return session.down({ message: (error as Error).message });
        }
      },
    ]);
  }
}
