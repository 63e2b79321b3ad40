import { Module } from '@nestjs/common';
import type { AsyncSqlDb } from '@pagedesk/processing';
import { AGENT_NAMES, ServiceReports } from '@pagedesk/read-models';
import { READ_MODEL_SQL } from '../read-models/projections.module';
import { DirectoryAgentNames } from '../supervision/directory-agent-names';
import { ServiceFiguresController } from './service-figures.controller';
import { ServiceSettingsCommands } from './service-settings-commands';

/** REST over the service-figures read model, and the settings it is measured against. */
@Module({
  controllers: [ServiceFiguresController],
  providers: [
    { provide: AGENT_NAMES, useClass: DirectoryAgentNames },
    {
      provide: ServiceReports,
      inject: [READ_MODEL_SQL],
      useFactory: (db: AsyncSqlDb) => new ServiceReports(db),
    },
    ServiceSettingsCommands,
  ],
})
export class ServiceFiguresModule {}
