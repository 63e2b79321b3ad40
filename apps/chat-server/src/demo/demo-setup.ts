import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { TenantCommands, type Actor } from '../tenants/tenant-commands';
import { TenantDirectory } from '../tenants/tenant-directory';
import { WrapUpTags } from '../desk/wrap-up-tags';
import {
  DEMO_PASSWORD,
  DEMO_QUEUE,
  DEMO_TENANT,
  DEMO_USERS,
  DEMO_WRAP_UP_TAGS,
} from './demo-identity';

const DEMO_ACTOR: Actor = { userId: 'demo' };

/**
 * Creates the demo tenant, its users and the queue the demo page routes to,
 * through the same commands an admin's requests use (so they are events like
 * any others). Whatever already exists from an earlier run is kept.
 */
@Injectable()
export class DemoSetup implements OnApplicationBootstrap {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly directory: TenantDirectory,
    private readonly commands: TenantCommands,
    private readonly wrapUps: WrapUpTags,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.directory.tenant(DEMO_TENANT))
      await this.commands.createTenant(DEMO_TENANT, 'Demo', DEMO_ACTOR);
    const agents: string[] = [];
    for (const user of DEMO_USERS) {
      const userId =
        this.directory.credentialsOf(user.email)?.userId ??
        (await this.commands.createUser(
          { ...user, tenantId: DEMO_TENANT, password: DEMO_PASSWORD, maxChats: 3 },
          DEMO_ACTOR,
        ));
      if (user.role === 'agent') agents.push(userId);
    }
    if (!this.directory.queueRecord(DEMO_TENANT, DEMO_QUEUE))
      await this.commands.createQueue(
        {
          tenantId: DEMO_TENANT,
          queueId: DEMO_QUEUE,
          name: 'Demo shop',
          routingMode: 'offer',
          members: agents,
        },
        DEMO_ACTOR,
      );
    // Only on a fresh tenant: a supervisor's own list (even an empty one) survives a restart.
    if (!(await this.wrapUps.everSet(DEMO_TENANT)))
      await this.wrapUps.set(DEMO_TENANT, DEMO_WRAP_UP_TAGS, DEMO_ACTOR);
    this.logger.warn('DEMO MODE: a simulated Messenger page; no real customer is reachable');
  }
}
