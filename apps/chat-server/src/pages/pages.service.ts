import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PAGE_DIRECTORY, type PageDirectory } from '@pagedesk/integrations';
import { GraphApiClient, GraphApiError } from '@pagedesk/messenger';
import { AppError } from '@pagedesk/shared';
import {
  maskSecret,
  parseMessengerProfile,
  MessengerProfileError,
  toGraphProfile,
  workingHoursProblem,
  type CsatSurveySettings,
  type PageSettings,
  type WorkingHours,
} from '@pagedesk/tenancy';
import { PageActivity } from '../inbound/page-activity';
import type { Actor } from '../tenants/tenant-commands';
import { TenantDirectory } from '../tenants/tenant-directory';
import { PageCommands } from './page-commands';
import { PageStore, type ManagedPage } from './page-store';
import type { CreatePageDto, CsatSurveyDto, UpdatePageDto } from './pages.dto';

/** The fields Pagedesk needs from a page's webhook subscription. */
export const SUBSCRIBED_FIELDS = [
  'messages',
  'messaging_postbacks',
  'messaging_referrals',
  'message_deliveries',
  'message_reads',
  'message_echoes',
  'message_edits',
  'message_reactions',
] as const;

export type FacebookOutcome<T> =
  | ({ readonly ok: true } & T)
  | {
      readonly ok: false;
      readonly error: {
        readonly code: number | null;
        readonly subcode: number | null;
        readonly message: string;
        readonly fbtraceId: string | null;
      };
    };

/** Page integrations of one tenant: configuration as events, Graph API checks, and their verdicts recorded. */
@Injectable()
export class PagesService {
  constructor(
    private readonly pages: PageStore,
    private readonly commands: PageCommands,
    private readonly directory: TenantDirectory,
    private readonly graph: GraphApiClient,
    private readonly activity: PageActivity,
    @Inject(PAGE_DIRECTORY) private readonly pageDirectory: PageDirectory,
  ) {}

  list(tenantId: string) {
    return this.pages.pagesOf(tenantId).map((p) => this.view(p));
  }

  get(tenantId: string, pageId: string) {
    return this.view(this.own(tenantId, pageId));
  }

  async create(tenantId: string, body: CreatePageDto, actor: Actor) {
    if (this.pageDirectory.findPage(body.pageId))
      throw new AppError('conflict', `pageId: page ${body.pageId} is already connected`);
    const settings: PageSettings = {
      name: body.name,
      username: body.username ?? null,
      appId: body.appId,
      verifyToken: body.verifyToken ?? randomBytes(24).toString('base64url'),
      queueId: body.queueId,
      routingMode: body.routingMode ?? 'offer',
      messages: {
        opening: null,
        closing: null,
        offline: null,
        error: null,
        ...defined(body.messages),
      },
      workingHours: this.workingHours(body.workingHours),
      queueOutsideHours: body.queueOutsideHours ?? false,
      humanAgentTagging: body.humanAgentTagging ?? false,
      csatSurvey: csatSurveyOf(body.csatSurvey),
    };
    this.assertQueue(tenantId, settings.queueId);
    const { pageId } = body;
    await this.commands.run(
      pageId,
      {
        type: 'Connect',
        event: {
          type: 'PageConnected',
          data: {
            pageId,
            tenantId,
            settings,
            accessToken: this.commands.seal(pageId, 'accessToken', body.accessToken),
            appSecret: this.commands.seal(pageId, 'appSecret', body.appSecret),
          },
        },
      },
      actor,
    );
    return this.get(tenantId, pageId);
  }

  /** Settings and secrets change in separate events, so the audit tells a token rotation from a settings edit. */
  async update(tenantId: string, pageId: string, body: UpdatePageDto, actor: Actor) {
    const page = this.own(tenantId, pageId);
    const { accessToken, appSecret, messages, workingHours, csatSurvey, ...rest } = body;
    const wanted: Partial<PageSettings> = {
      ...rest,
      ...(csatSurvey === undefined ? {} : { csatSurvey: csatSurveyOf(csatSurvey) }),
      ...(messages ? { messages: { ...page.settings.messages, ...defined(messages) } } : {}),
      ...(workingHours === undefined ? {} : { workingHours: this.workingHours(workingHours) }),
    };
    if (wanted.queueId) this.assertQueue(tenantId, wanted.queueId);
    const changes = Object.fromEntries(
      Object.entries(wanted).filter(
        ([k, v]) =>
          v !== undefined &&
          JSON.stringify(page.settings[k as keyof PageSettings]) !== JSON.stringify(v),
      ),
    ) as Partial<PageSettings>;
    await this.commands.record(
      { type: 'PageSettingsChanged', data: { pageId, tenantId, changes } },
      actor,
    );
    const secrets = {
      ...(accessToken !== undefined && accessToken !== page.accessToken
        ? { accessToken: this.commands.seal(pageId, 'accessToken', accessToken) }
        : {}),
      ...(appSecret !== undefined && appSecret !== page.appSecret
        ? { appSecret: this.commands.seal(pageId, 'appSecret', appSecret) }
        : {}),
    };
    if (Object.keys(secrets).length)
      await this.commands.record(
        { type: 'PageSecretsReplaced', data: { pageId, tenantId, ...secrets } },
        actor,
      );
    return this.get(tenantId, pageId);
  }

  /** `GET /me?fields=id,name` with the page's token; the verdict is recorded either way Facebook answers about the token. */
  async testConnection(
    tenantId: string,
    pageId: string,
    actor: Actor,
  ): Promise<FacebookOutcome<{ page: { id: string; name: string } }>> {
    const token = this.tokenOf(this.own(tenantId, pageId));
    const fingerprint = this.pages.fingerprint(token);
    try {
      const { body } = await this.graph.request({
        method: 'GET',
        path: '/me',
        accessToken: token,
        query: { fields: 'id,name' },
      });
      const me = body as { id?: unknown; name?: unknown };
      const page = { id: String(me.id ?? ''), name: String(me.name ?? '') };
      if (page.id !== pageId) {
        const reason = `the token belongs to ${page.id || 'something that is not a page'}, not to page ${pageId}`;
        await this.commands.record(
          {
            type: 'PageTokenInvalidated',
            data: { pageId, tenantId, reason, tokenFingerprint: fingerprint },
          },
          actor,
        );
        return {
          ok: false,
          error: { code: null, subcode: null, message: reason, fbtraceId: null },
        };
      }
      await this.commands.record(
        {
          type: 'PageTokenVerified',
          data: { pageId, tenantId, facebookName: page.name, tokenFingerprint: fingerprint },
        },
        actor,
      );
      return { ok: true, page };
    } catch (error) {
      return this.facebookError(error, tenantId, pageId, fingerprint, actor);
    }
  }

  async subscribe(
    tenantId: string,
    pageId: string,
    actor: Actor,
  ): Promise<FacebookOutcome<{ fields: readonly string[] }>> {
    const token = this.tokenOf(this.own(tenantId, pageId));
    const fields = [...SUBSCRIBED_FIELDS];
    try {
      await this.graph.request({
        method: 'POST',
        path: `/${pageId}/subscribed_apps`,
        accessToken: token,
        query: { subscribed_fields: fields.join(',') },
      });
      await this.commands.record(
        { type: 'PageSubscribed', data: { pageId, tenantId, fields } },
        actor,
      );
      return { ok: true, fields };
    } catch (error) {
      return this.facebookError(error, tenantId, pageId, this.pages.fingerprint(token), actor);
    }
  }

  getMessengerProfile(tenantId: string, pageId: string) {
    this.own(tenantId, pageId);
    const stored = this.pages.healthOf(pageId).messengerProfile;
    return stored
      ? { profile: stored.profile, setAt: stored.at, setBy: stored.by }
      : { profile: null, setAt: null, setBy: null };
  }

  /** Validated here first (400 naming the field); recorded only once Facebook accepted it. */
  async setMessengerProfile(
    tenantId: string,
    pageId: string,
    input: unknown,
    actor: Actor,
  ): Promise<FacebookOutcome<object>> {
    const page = this.own(tenantId, pageId);
    let profile;
    try {
      profile = parseMessengerProfile(input);
    } catch (error) {
      if (error instanceof MessengerProfileError) throw new AppError('invalid', error.message);
      throw error;
    }
    const token = this.tokenOf(page);
    try {
      await this.graph.request({
        method: 'POST',
        path: '/me/messenger_profile',
        accessToken: token,
        body: toGraphProfile(profile),
      });
    } catch (error) {
      return this.facebookError(error, tenantId, pageId, this.pages.fingerprint(token), actor);
    }
    await this.commands.record(
      { type: 'MessengerProfileSet', data: { pageId, tenantId, profile } },
      actor,
    );
    return { ok: true };
  }

  own(tenantId: string, pageId: string): ManagedPage {
    const page = this.pages.page(pageId);
    if (!page || page.tenantId !== tenantId) throw new AppError('not_found', 'page not found');
    return page;
  }

  private view(page: ManagedPage) {
    const facts = this.pages.healthOf(page.pageId);
    const verdict = facts.tokenVerdict;
    const current =
      verdict &&
      page.accessToken !== null &&
      verdict.fingerprint === this.pages.fingerprint(page.accessToken)
        ? verdict
        : undefined;
    const activity = this.activity.get(page.pageId);
    const tokenStatus =
      page.accessToken === null || current?.valid === false
        ? 'needs_new_token'
        : current
          ? 'valid'
          : 'unchecked';
    return {
      pageId: page.pageId,
      tenantId: page.tenantId,
      ...page.settings,
      csatSurvey: page.settings.csatSurvey ?? null,
      accessToken: maskSecret(page.accessToken),
      appSecret: maskSecret(page.appSecret),
      health: {
        tokenStatus,
        tokenValid: tokenStatus !== 'needs_new_token',
        tokenCheckedAt: current?.at ?? null,
        tokenProblem:
          page.accessToken === null
            ? 'the stored token cannot be read with this SECRETS_KEY'
            : (current?.reason ?? null),
        facebookName: current?.facebookName ?? null,
        subscribedFields: facts.subscribed?.fields ?? null,
        subscribedAt: facts.subscribed?.at ?? null,
        lastWebhookAt: activity?.lastWebhookAt ?? null,
        webhookDeliveries: activity?.deliveries ?? 0,
      },
      createdAt: page.createdAt,
      updatedAt: page.updatedAt,
      updatedBy: page.updatedBy,
    };
  }

  private tokenOf(page: ManagedPage): string {
    if (!page.accessToken)
      throw new AppError('invalid', 'accessToken: the stored token cannot be read; set a new one');
    return page.accessToken;
  }

  private assertQueue(tenantId: string, queueId: string): void {
    if (!this.directory.queueRecord(tenantId, queueId))
      throw new AppError(
        'invalid',
        `queueId: there is no queue ${queueId} in this tenant; create it first`,
      );
  }

  private workingHours(
    given:
      | WorkingHours
      | { timeZone: string; weekly: object; closedDates?: string[] }
      | null
      | undefined,
  ): WorkingHours | null {
    if (!given) return null;
    const hours: WorkingHours = {
      timeZone: given.timeZone,
      weekly: Object.fromEntries(
        Object.entries(given.weekly)
          .filter(([, ranges]) => ranges !== undefined)
          .map(([day, ranges]) => [
            day,
            (ranges as { start: string; end: string }[]).map(({ start, end }) => ({ start, end })),
          ]),
      ),
      closedDates: [...new Set(given.closedDates ?? [])].sort(),
    };
    const problem = workingHoursProblem(hours);
    if (problem) throw new AppError('invalid', problem);
    return hours;
  }

  private async facebookError(
    error: unknown,
    tenantId: string,
    pageId: string,
    fingerprint: string,
    actor: Actor,
  ) {
    if (!(error instanceof GraphApiError)) throw error;
    if (error.code === 190)
      await this.commands.record(
        {
          type: 'PageTokenInvalidated',
          data: {
            pageId,
            tenantId,
            reason: error.message.slice(0, 500),
            tokenFingerprint: fingerprint,
          },
        },
        actor,
      );
    return {
      ok: false as const,
      error: {
        code: error.code,
        subcode: error.subcode,
        message: error.message,
        fbtraceId: error.fbtraceId,
      },
    };
  }
}

/** A plain copy of the validated body (the DTO instance must not reach the event). */
function csatSurveyOf(given: CsatSurveyDto | null | undefined): CsatSurveySettings | null {
  return given ? { question: given.question.trim(), scale: given.scale } : null;
}

/** DTO instances may carry declared-but-absent fields as own `undefined` properties (ES2022 class fields). */
function defined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(
    Object.entries(value ?? {}).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}
