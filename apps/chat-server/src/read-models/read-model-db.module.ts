import { join } from 'node:path';
import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Logger } from '@nestjs/common';
import {
  CHECKPOINTS,
  CheckpointStore,
  LOCAL_INDEX_FILE,
  openPostgresCheckpoints,
  openReadModelDb,
  type Checkpoints,
  type ClosableCheckpoints,
} from '@pagedesk/processing';
import type Database from 'better-sqlite3';
import type { Env } from '../config/env';

/** read-models.db: the synchronous node-local indexes and their checkpoints, never a projection's table. */
export const READ_MODEL_DB = Symbol('READ_MODEL_DB');

@Global()
@Module({
  providers: [
    {
      provide: READ_MODEL_DB,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) =>
        openReadModelDb(join(config.get('DATA_DIR'), LOCAL_INDEX_FILE)),
    },
    {
      provide: CheckpointStore,
      inject: [READ_MODEL_DB],
      useFactory: (db: Database.Database) => new CheckpointStore(db),
    },
    {
      // Reactors' checkpoints go with the log when it is shared (PostgreSQL); projections' stay with their rows.
      provide: CHECKPOINTS,
      inject: [ConfigService, CheckpointStore],
      useFactory: (
        config: ConfigService<Env, true>,
        local: CheckpointStore,
      ): Promise<Checkpoints> | Checkpoints => {
        const url = config.get('DATABASE_URL', { infer: true });
        if (!url) return local;
        const logger = new Logger('Checkpoints');
        return openPostgresCheckpoints(url, (error) =>
          logger.warn(`checkpoint write failed, retrying: ${(error as Error).message}`),
        );
      },
    },
  ],
  exports: [READ_MODEL_DB, CheckpointStore, CHECKPOINTS],
})
export class ReadModelDbModule implements OnApplicationShutdown {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: Database.Database,
    @Inject(CHECKPOINTS) private readonly checkpoints: Checkpoints,
    private readonly local: CheckpointStore,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    // Checkpoints other than the local ones are PostgreSQL's, with a pool to end.
    if (this.checkpoints !== this.local) await (this.checkpoints as ClosableCheckpoints).close();
    this.db.close();
  }
}
