import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import {
  prepareReadModels,
  ProjectionCheckpoints,
  SqliteAsyncSqlDb,
  type AsyncSqlDb,
} from '@pagedesk/processing';
import { ConversationList, PROJECTIONS } from '@pagedesk/read-models';
import type Database from 'better-sqlite3';
import { READ_MODEL_DB } from './read-model-db.module';
import { ReadModelProjections } from './read-model-projections';
import { BackgroundWork } from '../processing/background-work';

export const READ_MODEL_SQL = Symbol('READ_MODEL_SQL');

/**
 * Runs the read models and gives their database to the modules that query
 * them. Their tables exist before anyone queries them: the routing feed asks
 * the customers read model for returning customers while it loads, which can
 * be before the projections (maybe in the other thread) started.
 */
@Global()
@Module({
  providers: [
    {
      provide: READ_MODEL_SQL,
      inject: [READ_MODEL_DB],
      useFactory: async (local: Database.Database): Promise<AsyncSqlDb> => {
        const db = new SqliteAsyncSqlDb(local);
        await prepareReadModels(
          db,
          Object.values(PROJECTIONS).map((create) => create(db)),
        );
        return db;
      },
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
    work.add(projections, 'every-node');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}
