import type {
  ConfigPageDirectory,
  MessengerApp,
  PageDirectory,
  PageIntegration,
} from '@pagedesk/integrations';
import { SYSTEM_ACTOR } from '../tenants/tenant-commands';
import type { PageCommands } from './page-commands';
import type { ManagedPage, PageStore } from './page-store';

/**
 * A page connected through the API carries its app's secret and its own verify token. A secret
 * that cannot be opened (SECRETS_KEY changed) is empty, which no signature matches.
 */
const managedApp = (page: ManagedPage): MessengerApp => ({
  id: page.settings.appId,
  secret: page.appSecret ?? '',
  verifyToken: page.settings.verifyToken,
});

/**
 * The PAGE_DIRECTORY: pages connected through the API (event-sourced, in
 * PageStore) and pages from MESSENGER_CONFIG, side by side. A page id is in
 * one source only (the API refuses a config page's id). Token verdicts are
 * events for both: `markTokenInvalid` records PageTokenInvalidated with a
 * fingerprint of the token it was about, so replacing the token (through the
 * API or in the configuration) makes the page usable again.
 */
export class CombinedPageDirectory implements PageDirectory {
  constructor(
    private readonly config: ConfigPageDirectory,
    private readonly pages: PageStore,
    private readonly commands: PageCommands,
  ) {}

  apps(): readonly MessengerApp[] {
    return [...this.config.apps(), ...[...this.pages.all()].map(managedApp)];
  }

  appOf(pageId: string): MessengerApp | undefined {
    const managed = this.pages.page(pageId);
    return managed ? managedApp(managed) : this.config.appOf(pageId);
  }

  findPage(pageId: string): PageIntegration | undefined {
    const managed = this.pages.page(pageId);
    if (managed) {
      const { settings } = managed;
      return {
        pageId,
        tenantId: managed.tenantId,
        appId: settings.appId,
        accessToken: managed.accessToken ?? '',
        name: settings.name,
        queueId: settings.queueId,
        humanAgentTagging: settings.humanAgentTagging,
        automaticMessages: settings.messages,
        csatSurvey: settings.csatSurvey ?? null,
        tokenValid: this.pages.tokenValid(pageId, managed.accessToken),
      };
    }
    const configured = this.config.findPage(pageId);
    return (
      configured && {
        ...configured,
        tokenValid: this.pages.tokenValid(pageId, configured.accessToken),
      }
    );
  }

  /** Records the verdict (actor `facebook`); findPage answers tokenValid=false as soon as this resolves. */
  async markTokenInvalid(pageId: string, reason: string): Promise<void> {
    const page = this.findPage(pageId);
    if (!page?.accessToken) return;
    await this.commands.record(
      {
        type: 'PageTokenInvalidated',
        data: {
          pageId,
          tenantId: page.tenantId,
          reason: reason.slice(0, 500),
          tokenFingerprint: this.pages.fingerprint(page.accessToken),
        },
      },
      { ...SYSTEM_ACTOR, userId: 'facebook' },
    );
  }
}
