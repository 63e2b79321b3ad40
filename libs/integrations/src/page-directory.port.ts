import type { CsatScale } from '@pagedesk/conversation';

export const PAGE_DIRECTORY = Symbol('PAGE_DIRECTORY');

export interface MessengerApp {
  readonly id: string;
  readonly secret: string;
  readonly verifyToken: string;
}

export interface PageIntegration {
  readonly pageId: string;
  readonly tenantId: string;
  readonly appId: string;
  readonly accessToken: string;
  readonly name: string;
  readonly queueId: string;
  /** Lets agents answer between 24 h and 7 days after the customer's last message (HUMAN_AGENT tag). */
  readonly humanAgentTagging: boolean;
  /** Sent by Pagedesk itself; null turns one off. */
  readonly automaticMessages: AutomaticMessages;
  /** Asked after an agent closes; null: no survey. */
  readonly csatSurvey: { readonly question: string; readonly scale: CsatScale } | null;
  /** False once Facebook answered 190 (token invalid): sends are refused up front until an admin replaces it. */
  readonly tokenValid: boolean;
}

export interface AutomaticMessages {
  readonly opening: string | null;
  readonly closing: string | null;
  readonly offline: string | null;
  readonly error: string | null;
}

/**
 * Which Facebook apps and pages this deployment serves. Synchronous on
 * purpose: the webhook answers from memory; sources keep it current.
 */
export interface PageDirectory {
  /** Every app this deployment serves; a page connected through the API brings its own (app id, secret, verify token). */
  apps(): readonly MessengerApp[];
  /** The app a page belongs to: deliveries naming the page must be signed with its secret. */
  appOf(pageId: string): MessengerApp | undefined;
  findPage(pageId: string): PageIntegration | undefined;
  /** Facebook said the page token is invalid (code 190): remember it so nothing more is sent with it. */
  markTokenInvalid(pageId: string, reason: string): Promise<void>;
}
