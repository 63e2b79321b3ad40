import { type DynamicModule, Module } from '@nestjs/common';
import { validateEnv } from '../config/env';
import { coreModules } from '../core-modules';
import { systemClock } from '../lifecycle/clock';
import { ProcessingModule } from './processing.module';

/**
 * The processing worker's container (role `processor`): the core modules
 * only. It serves no HTTP and no sockets, and Nest instantiates every
 * controller it is given, so none of their files is imported from here
 * (test/startup-modules.int.spec.ts).
 */
@Module({})
export class ProcessorModule {
  static register(env: Record<string, unknown>): DynamicModule {
    return {
      module: ProcessorModule,
      imports: [
        ...coreModules(validateEnv(env), systemClock, 'processor'),
        ProcessingModule.forRole('processor', env),
      ],
    };
  }
}
