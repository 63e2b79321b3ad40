import { Module } from '@nestjs/common';
import { AgentsController } from './agents.controller';
import { SupervisorGateway } from './supervisor.gateway';

/** Live supervision: `GET /api/agents` and the `/supervisor` namespace (queue figures ride on `GET /api/queues`). */
@Module({ controllers: [AgentsController], providers: [SupervisorGateway] })
export class SupervisionLiveModule {}
