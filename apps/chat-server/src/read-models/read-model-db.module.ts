import { join } from 'node:path';
import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CheckpointStore, openReadModelDb } from '@pagedesk/processing';
import type Database from 'better-sqlite3';
import type { Env } from '../config/env';

export const READ_MODEL_DB = Symbol('READ_MODEL_DB');

@Global()
@Module({
  providers: [
    {
      provide: READ_MODEL_DB,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) =>
        openReadModelDb(join(config.get('DATA_DIR'), 'read-models.db')),
    },
    {
      provide: CheckpointStore,
      inject: [READ_MODEL_DB],
      useFactory: (db: Database.Database) => new CheckpointStore(db),
    },
  ],
  exports: [READ_MODEL_DB, CheckpointStore],
})
export class ReadModelDbModule implements OnApplicationShutdown {
  constructor(@Inject(READ_MODEL_DB) private readonly db: Database.Database) {}

  onApplicationShutdown(): void {
    this.db.close();
  }
}
