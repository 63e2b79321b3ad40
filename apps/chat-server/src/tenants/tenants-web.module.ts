import { Module } from '@nestjs/common';
import { QueuesController } from './queues.controller';
import { TenantsController } from './tenants.controller';
import { UsersController } from './users.controller';

/** The REST routes over TenantsModule (global): only where HTTP is served. */
@Module({ controllers: [TenantsController, UsersController, QueuesController] })
export class TenantsWebModule {}
