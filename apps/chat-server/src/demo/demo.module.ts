import { Module } from '@nestjs/common';
import { DeskModule } from '../desk/desk.module';
import { DemoSetup } from './demo-setup';
import { CustomerWebhooks } from './simulator/customer-webhooks';
import { DemoPage } from './simulator/demo-page';
import { SimulatedCustomers } from './simulator/simulated-customers';
import { SimulatedUploads } from './simulator/simulated-uploads';
import { SimulatedGraphController } from './simulator/simulated-graph.controller';
import { SimulatorController } from './simulator/simulator.controller';

/** Demo mode (docs/demo.md): imported by AppModule only when main.ts chose it. */
@Module({
  imports: [DeskModule],
  controllers: [SimulatorController, SimulatedGraphController],
  providers: [DemoSetup, DemoPage, SimulatedCustomers, SimulatedUploads, CustomerWebhooks],
})
export class DemoModule {}
