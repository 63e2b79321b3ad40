import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { ProjectionCheckpoints, type AsyncSqlDb } from '@pagedesk/processing';
import { ConversationList } from '@pagedesk/read-models';
import type Database from 'better-sqlite3';
import { READ_MODEL_DB } from './read-model-db.module';
import { ReadModelProjections } from './read-model-projections';
import { openReadModelSql } from './read-model-sql';
import { BackgroundWork } from '../processing/background-work';
import type { Env } from '../config/env';

export const READ_MODEL_SQL = Symbol('READ_MODEL_SQL');

/**
 * Runs the read models and gives their database to the modules that query
 * them (read-model-sql.ts): the node's projections.db, or with DATABASE_URL the schema
 * `read_models` of the shared PostgreSQL, which every node's REST and socket
 * queries read while the projections run on one node at a time (under the
 * work lease; the conditional checkpoint UPDATE fences an overlap). Their
 * tables exist before anyone queries them: the routing feed asks the
 * customers read model for returning customers while it loads, which can be
 * before the projections (maybe in the other thread, or on another node) started.
 */
@Global()
@Module({
  providers: [
    {
      provide: READ_MODEL_SQL,
      inject: [ConfigService, READ_MODEL_DB],
      useFactory: (config: ConfigService<Env, true>, local: Database.Database) =>
        openReadModelSql(
          config.get('DATA_DIR'),
          config.get('DATABASE_URL', { infer: true }),
          local,
        ),
    },
    {
      provide: ReadModelProjections,
      inject: [EVENT_STORE, READ_MODEL_SQL],
      useFactory: (store: EventStore, db: AsyncSqlDb) =>
        new ReadModelProjections(store, db, new Logger('Projection')),
    },
    {
      provide: ConversationList,
      inject: [READ_MODEL_SQL],
      useFactory: (db: AsyncSqlDb) => new ConversationList(db),
    },
    {
      provide: ProjectionCheckpoints,
      inject: [READ_MODEL_SQL],
      useFactory: (db: AsyncSqlDb) => new ProjectionCheckpoints(db),
    },
  ],
  exports: [READ_MODEL_SQL, ReadModelProjections, ConversationList, ProjectionCheckpoints],
})
export class ProjectionsModule implements OnApplicationShutdown {
  constructor(
    work: BackgroundWork,
    @Inject(ReadModelProjections) projections: ReadModelProjections,
    @Inject(READ_MODEL_SQL) private readonly db: AsyncSqlDb,
  ) {
    // Shared rows are kept by one node; a node's own file by that node.
    work.add(projections, db.dialect === 'postgres' ? 'one-node' : 'every-node');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}
