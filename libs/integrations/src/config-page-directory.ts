import type { MessengerConfig } from './messenger-config';
import type { MessengerApp, PageDirectory, PageIntegration } from './page-directory.port';

const DEFAULT_QUEUE = 'default';

/** Apps and pages from MESSENGER_CONFIG(_FILE); the Tenants issue replaces this source, not the port. */
export class ConfigPageDirectory implements PageDirectory {
  private readonly pages: Map<string, PageIntegration>;
  private readonly appList: readonly MessengerApp[];

  constructor(config: MessengerConfig) {
    this.appList = config.apps.map(({ id, secret, verifyToken }) => ({ id, secret, verifyToken }));
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
          csatSurvey: p.csatQuestion
            ? { question: p.csatQuestion, scale: p.csatScale ?? 'five_point' }
            : null,
          tokenValid: true,
        },
      ]),
    );
  }

  static empty(): ConfigPageDirectory {
    return new ConfigPageDirectory({ apps: [], pages: [] });
  }

  apps(): readonly MessengerApp[] {
    return this.appList;
  }

  appOf(pageId: string): MessengerApp | undefined {
    const appId = this.pages.get(pageId)?.appId;
    return this.appList.find((app) => app.id === appId);
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
