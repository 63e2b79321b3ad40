import { Global, Module } from '@nestjs/common';
import { PasswordHasher } from '../auth/password-hasher';
import { AGENT_DIRECTORY } from './agent-directory.port';
import { TenantCommands } from './tenant-commands';
import { TenantDirectory } from './tenant-directory';

/** Tenants, users and queues: commands as events, an in-memory directory, and the AGENT_DIRECTORY read port (their routes: TenantsWebModule). */
@Global()
@Module({
  providers: [
    TenantDirectory,
    { provide: AGENT_DIRECTORY, useExisting: TenantDirectory },
    { provide: PasswordHasher, useFactory: () => new PasswordHasher() },
    TenantCommands,
  ],
  exports: [TenantDirectory, AGENT_DIRECTORY, TenantCommands, PasswordHasher],
})
export class TenantsModule {}
