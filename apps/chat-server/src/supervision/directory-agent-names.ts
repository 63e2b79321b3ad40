import { Inject, Injectable } from '@nestjs/common';
import type { AgentNames } from '@pagedesk/read-models';
import { AGENT_DIRECTORY, type AgentDirectory } from '../tenants/agent-directory.port';

/** Names agents from the tenant's user directory; a user of another tenant is never named. */
@Injectable()
export class DirectoryAgentNames implements AgentNames {
  constructor(@Inject(AGENT_DIRECTORY) private readonly directory: AgentDirectory) {}

  async namesOf(
    tenantId: string,
    agentIds: readonly string[],
  ): Promise<ReadonlyMap<string, string>> {
    const names = new Map<string, string>();
    for (const id of agentIds) {
      const user = this.directory.findUser(id);
      if (user && user.tenantId === tenantId) names.set(id, user.displayName);
    }
    return names;
  }
}
