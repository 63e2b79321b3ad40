import { Module } from '@nestjs/common';
import { AGENT_NAMES, Transcripts, type AgentNames } from '@pagedesk/read-models';
import type { AsyncSqlDb } from '@pagedesk/processing';
import { OutboundModule } from '../outbound/outbound.module';
import { READ_MODEL_SQL } from '../read-models/projections.module';
import { ConversationSupervisionController } from './conversation-supervision.controller';
import { ConversationsController } from './conversations.controller';
import { DirectoryAgentNames } from './directory-agent-names';

/** The REST API over the conversation list and transcripts, and supervisors' history, take-over and transfer. */
@Module({
  imports: [OutboundModule],
  controllers: [ConversationsController, ConversationSupervisionController],
  providers: [
    { provide: AGENT_NAMES, useClass: DirectoryAgentNames },
    {
      provide: Transcripts,
      inject: [READ_MODEL_SQL, AGENT_NAMES],
      useFactory: (db: AsyncSqlDb, names: AgentNames) => new Transcripts(db, names),
    },
  ],
  exports: [Transcripts],
})
export class SupervisionModule {}
