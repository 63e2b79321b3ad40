import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@pagedesk/event-store';
import {
  PAGE_EVENT_TYPES,
  type MessengerProfile,
  type PageEvent,
  type PageSettings,
  type SecretBox,
} from '@pagedesk/tenancy';
import { BackgroundWork } from '../processing/background-work';
import { FollowedView } from '../tenants/followed-view';
import { SECRET_BOX } from './secret-box.provider';

/** A page connected through the API, secrets opened (in memory only). */
export interface ManagedPage {
  readonly pageId: string;
  readonly tenantId: string;
  readonly settings: PageSettings;
  /** null when the stored value cannot be opened (SECRETS_KEY changed): the page needs a new token. */
  readonly accessToken: string | null;
  readonly appSecret: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** What Facebook last said about a token, and about the page's subscription and profile. Kept for config pages too. */
export interface PageHealthFacts {
  readonly tokenVerdict?: {
    readonly fingerprint: string;
    readonly valid: boolean;
    readonly reason: string | null;
    readonly at: string;
    readonly facebookName: string | null;
  };
  readonly subscribed?: { readonly fields: readonly string[]; readonly at: string };
  readonly messengerProfile?: {
    readonly profile: MessengerProfile;
    readonly at: string;
    readonly by: string;
  };
}

export const binding = (pageId: string, field: 'accessToken' | 'appSecret') =>
  `page:${pageId}:${field}`;

/** Every page event folded into memory, rebuilt from the log at start. */
@Injectable()
export class PageStore extends FollowedView {
  private readonly logger = new Logger('Pages');
  private readonly pages = new Map<string, ManagedPage>();
  private readonly health = new Map<string, PageHealthFacts>();

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    work: BackgroundWork,
  ) {
    super(store, work, {
      name: 'pages',
      filter: { types: [...PAGE_EVENT_TYPES], categories: ['page'] },
      accepts: (e) => PAGE_EVENT_TYPES.has(e.type) && e.streamName.startsWith('page-'),
    });
  }

  page(pageId: string): ManagedPage | undefined {
    return this.pages.get(pageId);
  }

  pagesOf(tenantId: string): ManagedPage[] {
    return [...this.pages.values()].filter((p) => p.tenantId === tenantId);
  }

  all(): IterableIterator<ManagedPage> {
    return this.pages.values();
  }

  healthOf(pageId: string): PageHealthFacts {
    return this.health.get(pageId) ?? {};
  }

  fingerprint(token: string): string {
    return this.box.fingerprint(token);
  }

  /** A token is valid unless Facebook's latest verdict was about this very token and said no. */
  tokenValid(pageId: string, token: string | null): boolean {
    if (!token) return false;
    const verdict = this.health.get(pageId)?.tokenVerdict;
    return !verdict || verdict.fingerprint !== this.box.fingerprint(token) || verdict.valid;
  }

  protected apply(recorded: RecordedEvent): void {
    const event = recorded as unknown as PageEvent;
    const { recordedAt: at, actor } = recorded.metadata;
    const { pageId } = event.data;
    const before = this.pages.get(pageId);
    const facts = this.health.get(pageId) ?? {};
    switch (event.type) {
      case 'PageConnected':
        this.pages.set(pageId, {
          pageId,
          tenantId: event.data.tenantId,
          settings: event.data.settings,
          accessToken: this.open(event.data.accessToken, pageId, 'accessToken'),
          appSecret: this.open(event.data.appSecret, pageId, 'appSecret'),
          createdAt: at,
          updatedAt: at,
          updatedBy: actor,
        });
        return;
      case 'PageSettingsChanged':
        if (before)
          this.pages.set(pageId, {
            ...before,
            settings: { ...before.settings, ...event.data.changes },
            updatedAt: at,
            updatedBy: actor,
          });
        return;
      case 'PageSecretsReplaced':
        if (before)
          this.pages.set(pageId, {
            ...before,
            ...(event.data.accessToken === undefined
              ? {}
              : { accessToken: this.open(event.data.accessToken, pageId, 'accessToken') }),
            ...(event.data.appSecret === undefined
              ? {}
              : { appSecret: this.open(event.data.appSecret, pageId, 'appSecret') }),
            updatedAt: at,
            updatedBy: actor,
          });
        return;
      case 'PageTokenInvalidated':
        this.health.set(pageId, {
          ...facts,
          tokenVerdict: {
            fingerprint: event.data.tokenFingerprint,
            valid: false,
            reason: event.data.reason,
            at,
            facebookName: null,
          },
        });
        return;
      case 'PageTokenVerified':
        this.health.set(pageId, {
          ...facts,
          tokenVerdict: {
            fingerprint: event.data.tokenFingerprint,
            valid: true,
            reason: null,
            at,
            facebookName: event.data.facebookName,
          },
        });
        return;
      case 'PageSubscribed':
        this.health.set(pageId, { ...facts, subscribed: { fields: event.data.fields, at } });
        return;
      case 'MessengerProfileSet':
        this.health.set(pageId, {
          ...facts,
          messengerProfile: { profile: event.data.profile, at, by: actor },
        });
        return;
    }
  }

  private open(sealed: string, pageId: string, field: 'accessToken' | 'appSecret'): string | null {
    try {
      return this.box.open(sealed, binding(pageId, field));
    } catch {
      this.logger.warn({ pageId, field }, 'stored secret cannot be opened with this SECRETS_KEY');
      return null;
    }
  }
}
