import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { PROCESS_ROLE, servesPeople, type ProcessRole } from '../processing/process-role';
import { ConfigService } from '@nestjs/config';
import { passwordProblem } from '@pagedesk/tenancy';
import { InvalidConfigError, type Env } from '../config/env';
import { SYSTEM_ACTOR, TenantCommands } from '../tenants/tenant-commands';
import { TenantDirectory } from '../tenants/tenant-directory';

/**
 * A fresh deployment has nobody to log in as: when no user exists, the first
 * admin (in BOOTSTRAP_TENANT, created too) and optionally a platform admin
 * come from the environment. Once any user exists these variables are ignored.
 */
@Injectable()
export class BootstrapUsers implements OnApplicationBootstrap {
  private readonly logger = new Logger('Bootstrap');

  constructor(
    private readonly config: ConfigService<Env, true>,
    private readonly directory: TenantDirectory,
    private readonly commands: TenantCommands,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!servesPeople(this.role) || this.directory.hasUsers()) return;
    const admin = this.credentials('BOOTSTRAP_ADMIN_EMAIL', 'BOOTSTRAP_ADMIN_PASSWORD');
    const platform = this.credentials('BOOTSTRAP_PLATFORM_EMAIL', 'BOOTSTRAP_PLATFORM_PASSWORD');
    if (platform) {
      await this.commands.createUser(
        { ...platform, tenantId: null, role: 'platform_admin', displayName: 'Platform admin' },
        SYSTEM_ACTOR,
      );
      this.logger.log('created the platform admin from BOOTSTRAP_PLATFORM_EMAIL');
    }
    if (admin) {
      const tenantId = this.config.get('BOOTSTRAP_TENANT', { infer: true });
      if (!this.directory.tenant(tenantId))
        await this.commands.createTenant(tenantId, tenantId, SYSTEM_ACTOR);
      await this.commands.createUser(
        { ...admin, tenantId, role: 'admin', displayName: 'Administrator' },
        SYSTEM_ACTOR,
      );
      this.logger.log({ tenantId }, 'created the first admin from BOOTSTRAP_ADMIN_EMAIL');
    }
    if (!admin && !platform)
      this.logger.warn('no user exists: set BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD');
  }

  private credentials(
    emailKey: 'BOOTSTRAP_ADMIN_EMAIL' | 'BOOTSTRAP_PLATFORM_EMAIL',
    passwordKey: 'BOOTSTRAP_ADMIN_PASSWORD' | 'BOOTSTRAP_PLATFORM_PASSWORD',
  ): { email: string; password: string } | undefined {
    const email = this.config.get(emailKey, { infer: true });
    const password = this.config.get(passwordKey, { infer: true });
    if (!email && !password) return undefined;
    if (!email)
      throw new InvalidConfigError(
        `Invalid configuration: ${emailKey} is required with ${passwordKey}`,
      );
    if (!password)
      throw new InvalidConfigError(
        `Invalid configuration: ${passwordKey} is required with ${emailKey}`,
      );
    const problem = passwordProblem(password);
    if (problem)
      throw new InvalidConfigError(
        `Invalid configuration: ${passwordKey} ${problem.replace(/^password /, '')}`,
      );
    return { email, password };
  }
}
