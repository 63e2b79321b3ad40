import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { graphApiVersionWarning } from '@pagedesk/messenger';
import type { Env } from '../config/env';
import { CLOCK, type Clock } from '../lifecycle/clock';
import { PROCESS_ROLE, servesPeople, type ProcessRole } from '../processing/process-role';

/** Tells the operator at start when Facebook is about to stop serving the configured Graph API version. */
@Injectable()
export class GraphApiVersionCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('GraphApiVersion');

  constructor(
    private readonly config: ConfigService<Env, true>,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
  ) {}

  onApplicationBootstrap(): void {
    // Once per deployment: the processing worker shares the main process's configuration.
    if (!servesPeople(this.role)) return;
    const url = this.config.get('MESSENGER_GRAPH_API_URL', { infer: true });
    const warning = graphApiVersionWarning(url, this.clock.now());
    if (warning) this.logger.warn(warning);
  }
}
