import type { MessengerConfig } from './messenger-config';
import type { PageDirectory, PageIntegration } from './page-directory.port';

const DEFAULT_QUEUE = 'default';

/** Apps and pages from MESSENGER_CONFIG(_FILE); the Tenants issue replaces this source, not the port. */
export class ConfigPageDirectory implements PageDirectory {
  private readonly pages: ReadonlyMap<string, PageIntegration>;
  private readonly secrets: readonly string[];
  private readonly verifyTokens: ReadonlySet<string>;

  constructor(config: MessengerConfig) {
    this.secrets = config.apps.map((a) => a.secret);
    this.verifyTokens = new Set(config.apps.map((a) => a.verifyToken));
    this.pages = new Map(
      config.pages.map((p) => [
        p.pageId,
        {
          pageId: p.pageId,
          tenantId: p.tenantId,
          appId: p.appId,
          accessToken: p.accessToken,
          name: p.name ?? p.pageId,
          queueId: p.queueId ?? DEFAULT_QUEUE,
          humanAgentTagging: p.humanAgentTagging ?? false,
        },
      ]),
    );
  }

  static empty(): ConfigPageDirectory {
    return new ConfigPageDirectory({ apps: [], pages: [] });
  }

  appSecrets(): readonly string[] {
    return this.secrets;
  }

  isVerifyToken(token: string): boolean {
    return this.verifyTokens.has(token);
  }

  findPage(pageId: string): PageIntegration | undefined {
    return this.pages.get(pageId);
  }
}
