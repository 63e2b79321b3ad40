import type { MessengerConfig } from './messenger-config';
import type { PageDirectory, PageIntegration } from './page-directory.port';

const DEFAULT_QUEUE = 'default';

/** Apps and pages from MESSENGER_CONFIG(_FILE); the Tenants issue replaces this source, not the port. */
export class ConfigPageDirectory implements PageDirectory {
  private readonly pages: Map<string, PageIntegration>;
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
          automaticMessages: {
            opening: p.openingMessage ?? null,
            closing: p.closingMessage ?? null,
            offline: p.offlineMessage ?? null,
            error: p.errorMessage ?? null,
          },
          tokenValid: true,
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

  /** Configuration cannot be written back: the flag lives until restart, when the token is read again. */
  async markTokenInvalid(pageId: string): Promise<void> {
    const page = this.pages.get(pageId);
    if (page) this.pages.set(pageId, { ...page, tokenValid: false });
  }
}
