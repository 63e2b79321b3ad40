import { Module } from '@nestjs/common';
import { DeskModule } from '../desk/desk.module';
import { InboundModule } from '../inbound/inbound.module';
import { OutboundModule } from '../outbound/outbound.module';
import { AgentGateway } from './agent.gateway';

/** The agent desktop's socket.io namespace `/agent` (docs/socket-contract.md). */
@Module({ imports: [InboundModule, OutboundModule, DeskModule], providers: [AgentGateway] })
export class GatewayModule {}
