import { Module } from '@nestjs/common';
import { AgentsController } from './agents.controller';
import { SupervisorGateway } from './supervisor.gateway';
import { TranscriptLiveGateway } from './transcript-live.gateway';

/** Live supervision: `GET /api/agents` and the `/supervisor` namespace (queue figures ride on `GET /api/queues`), live transcripts. */
@Module({
  controllers: [AgentsController],
  providers: [SupervisorGateway, TranscriptLiveGateway],
})
export class SupervisionLiveModule {}
