import { readFileSync } from 'node:fs';
import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ConfigPageDirectory,
  NodeGraphTransport,
  PAGE_DIRECTORY,
  parseMessengerConfig,
} from '@pagedesk/integrations';
import { GraphApiClient } from '@pagedesk/messenger';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import type { Reactor } from '@pagedesk/processing';
import type Database from 'better-sqlite3';
import { InvalidConfigError, type Env } from '../config/env';
import { READ_MODEL_DB } from '../read-models/read-model-db.module';
import {
  DELIVERY_RECEIVED,
  deliveryLanes,
  INBOUND_REACTOR,
  isDelivery,
  learnStoredUpgrades,
} from './inbox';
import { InboundLanes } from './inbound-lane';
import { InboundProcessor } from './inbound-processor';
import { PageActivity } from './page-activity';
import { ProfileFetcher } from './profile-fetcher';
import { CombinedPageDirectory } from '../pages/combined-page-directory';
import { PageCommands } from '../pages/page-commands';
import { PageStore } from '../pages/page-store';
import { BackgroundWork } from '../processing/background-work';
import { PROCESS_ROLE, runsProcessing, type ProcessRole } from '../processing/process-role';
import { GraphApiVersionCheck } from './graph-api-version-check';

/** Deliveries of different customers are processed side by side; group commit turns that into fewer fsyncs. */
const INBOUND_CONCURRENCY = 64;
const PROFILE_CONCURRENCY = 16;

function pageDirectoryFrom(config: ConfigService<Env, true>): ConfigPageDirectory {
  const inline = config.get('MESSENGER_CONFIG', { infer: true });
  const file = config.get('MESSENGER_CONFIG_FILE', { infer: true });
  const json = inline ?? (file ? readFileSync(file, 'utf8') : undefined);
  if (json === undefined) return ConfigPageDirectory.empty();
  try {
    return new ConfigPageDirectory(parseMessengerConfig(json));
  } catch (error) {
    throw new InvalidConfigError(
      `Invalid configuration: ${inline ? 'MESSENGER_CONFIG' : 'MESSENGER_CONFIG_FILE'} ${(error as Error).message}`,
    );
  }
}

/** Inbox deliveries to conversations, and customer profiles: two reactors (the webhook's route: InboundWebModule). */
@Module({
  providers: [
    {
      // Pages from MESSENGER_CONFIG beside pages connected through /api/pages (docs/tenants.md).
      provide: PAGE_DIRECTORY,
      inject: [ConfigService, PageStore, PageCommands],
      useFactory: (config: ConfigService<Env, true>, pages: PageStore, commands: PageCommands) =>
        new CombinedPageDirectory(pageDirectoryFrom(config), pages, commands),
    },
    {
      provide: GraphApiClient,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) =>
        new GraphApiClient(config.get('MESSENGER_GRAPH_API_URL'), new NodeGraphTransport()),
    },
    {
      provide: PageActivity,
      inject: [READ_MODEL_DB],
      useFactory: (db: Database.Database) => new PageActivity(db),
    },
    InboundProcessor,
    ProfileFetcher,
    GraphApiVersionCheck,
  ],
  exports: [PAGE_DIRECTORY, GraphApiClient, PageActivity],
})
export class InboundModule implements OnModuleInit {
  readonly reactors: Reactor[];
  /** The inbound reactor's lanes (exposed for the restart test). */
  readonly lanes = new InboundLanes();

  constructor(
    work: BackgroundWork,
    processor: InboundProcessor,
    profiles: ProfileFetcher,
    activity: PageActivity,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
  ) {
    this.reactors = [
      work.reactor({
        name: INBOUND_REACTOR,
        accepts: isDelivery,
        filter: { types: [DELIVERY_RECEIVED], categories: ['inbox'] },
        handle: (e) => processor.processDelivery(e),
        retry: (e, item) => processor.retryUpdate(e, item),
        laneOf: deliveryLanes(this.lanes),
        concurrency: INBOUND_CONCURRENCY,
        beforeCheckpoint: () => activity.flush(),
      }),
      work.reactor({
        name: 'customer-profiles',
        accepts: (e) => profiles.accepts(e),
        filter: ProfileFetcher.FILTER,
        handle: (e) => profiles.handle(e),
        laneOf: (e) => e.streamName,
        concurrency: PROFILE_CONCURRENCY,
      }),
    ];
  }

  /** Before the reactors start (onApplicationBootstrap): the upgrades already applied, so a restart forgets none. */
  async onModuleInit(): Promise<void> {
    if (runsProcessing(this.role)) await learnStoredUpgrades(this.store, this.lanes);
  }
}
