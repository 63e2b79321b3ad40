import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ReadModelProjections, type ProjectionHealth } from '../read-models/read-model-projections';
import type { ProcessRole } from './process-role';
import { BackgroundWork } from './background-work';
import { PROCESSING_WORKER_ENV, ProcessingWorker } from './processing-worker';

/** Where /ready learns how the read models are doing: here, or from the processing worker. */
export const PROJECTIONS_HEALTH = Symbol('PROJECTIONS_HEALTH');

export interface ProjectionsHealth {
  health(): Promise<ProjectionHealth[]>;
}

@Global()
@Module({})
export class ProcessingModule {
  static forRole(role: ProcessRole, env: Record<string, unknown>): DynamicModule {
    const worker =
      role === 'web' ? [{ provide: PROCESSING_WORKER_ENV, useValue: env }, ProcessingWorker] : [];
    return {
      module: ProcessingModule,
      providers: [
        BackgroundWork,
        ...worker,
        {
          provide: PROJECTIONS_HEALTH,
          useExisting: role === 'web' ? ProcessingWorker : ReadModelProjections,
        },
      ],
      exports: [BackgroundWork, PROJECTIONS_HEALTH],
    };
  }
}
