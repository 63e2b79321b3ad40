import { Module } from '@nestjs/common';
import type { AsyncSqlDb } from '@pagedesk/processing';
import { AGENT_NAMES, QcReviews, ServiceReports } from '@pagedesk/read-models';
import { READ_MODEL_SQL } from '../read-models/projections.module';
import { DirectoryAgentNames } from '../supervision/directory-agent-names';
import { QualityCommands } from './quality-commands';
import { ReviewsController } from './reviews.controller';
import { ScorecardsController } from './scorecards.controller';

/** Quality control (docs/quality-control.md): scorecards, reviews of ended conversations, their list and export. */
@Module({
  controllers: [ScorecardsController, ReviewsController],
  providers: [
    QualityCommands,
    { provide: AGENT_NAMES, useClass: DirectoryAgentNames },
    {
      provide: QcReviews,
      inject: [READ_MODEL_SQL],
      useFactory: (db: AsyncSqlDb) => new QcReviews(db),
    },
    // Only for the tenant's time zone, so a period here means the same days as in the figures.
    {
      provide: ServiceReports,
      inject: [READ_MODEL_SQL],
      useFactory: (db: AsyncSqlDb) => new ServiceReports(db),
    },
  ],
})
export class QualityModule {}
