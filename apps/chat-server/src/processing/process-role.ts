import { type DynamicModule, Global, Module } from '@nestjs/common';

/**
 * Which work this Nest container does. `inline`: everything. `web`: HTTP,
 * sockets and routing, with the log's processing in a worker thread.
 * `processor`: that worker — reactors, read models, outbox, scheduler.
 */
export type ProcessRole = 'inline' | 'web' | 'processor';

export const PROCESS_ROLE = Symbol('PROCESS_ROLE');

/** Reactors, projections, outbox lanes and the lifecycle scheduler. */
export const runsProcessing = (role: ProcessRole): boolean => role !== 'web';

/** Routing, bootstrap users, the demo's seed: things that must happen once, where people connect. */
export const servesPeople = (role: ProcessRole): boolean => role !== 'processor';

@Global()
@Module({})
export class ProcessRoleModule {
  static forRoot(role: ProcessRole): DynamicModule {
    return {
      module: ProcessRoleModule,
      providers: [{ provide: PROCESS_ROLE, useValue: role }],
      exports: [PROCESS_ROLE],
    };
  }
}
