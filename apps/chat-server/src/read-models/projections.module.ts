import { Global, Inject, Logger, Module } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { SqliteSqlDb, type SqlDb } from '@pagedesk/processing';
import { ConversationList } from '@pagedesk/read-models';
import type Database from 'better-sqlite3';
import { READ_MODEL_DB } from './read-model-db.module';
import { ReadModelProjections } from './read-model-projections';
import { BackgroundWork } from '../processing/background-work';

export const READ_MODEL_SQL = Symbol('READ_MODEL_SQL');

/** Runs the read models (conversation list, transcripts) and gives their database to the modules that query them. */
@Global()
@Module({
  providers: [
    {
      provide: READ_MODEL_SQL,
      inject: [READ_MODEL_DB],
      useFactory: (db: Database.Database) => new SqliteSqlDb(db),
    },
    {
      provide: ReadModelProjections,
      inject: [EVENT_STORE, READ_MODEL_SQL],
      useFactory: (store: EventStore, db: SqlDb) =>
        new ReadModelProjections(store, db, new Logger('Projection')),
    },
    {
      provide: ConversationList,
      inject: [READ_MODEL_SQL],
      useFactory: (db: SqlDb) => new ConversationList(db),
    },
  ],
  exports: [READ_MODEL_SQL, ReadModelProjections, ConversationList],
})
export class ProjectionsModule {
  constructor(
    work: BackgroundWork,
    @Inject(ReadModelProjections) projections: ReadModelProjections,
  ) {
    work.add(projections, 'every-node');
  }
}
