import { AppError } from '@pagedesk/shared';
import type { CsatScale } from '@pagedesk/conversation';
import type { Decider } from '@pagedesk/event-store';
import type { RoutingMode } from './events';
import type { MessengerProfile } from './messenger-profile';
import { exhaustive } from './user-decider';
import type { WorkingHours } from './working-hours';

export interface PageMessages {
  readonly opening: string | null;
  readonly closing: string | null;
  readonly offline: string | null;
  readonly error: string | null;
}

/** The satisfaction survey sent after an agent closes (libs/conversation/src/csat.ts). */
export interface CsatSurveySettings {
  readonly question: string;
  readonly scale: CsatScale;
}

/** Everything about a page that is not a secret: what PageSettingsChanged may change. */
export interface PageSettings {
  readonly name: string;
  readonly username: string | null;
  readonly appId: string;
  readonly verifyToken: string;
  readonly queueId: string;
  readonly routingMode: RoutingMode;
  readonly messages: PageMessages;
  readonly workingHours: WorkingHours | null;
  /** Outside working hours, offer the conversation to agents anyway (the offline message is still sent). */
  readonly queueOutsideHours: boolean;
  readonly humanAgentTagging: boolean;
  /** Null (or absent, in pages connected before surveys existed): no survey. */
  readonly csatSurvey?: CsatSurveySettings | null;
}

/** Secrets travel sealed (SecretBox): the log never holds a page token or app secret in clear. */
export interface SealedSecrets {
  readonly accessToken: string;
  readonly appSecret: string;
}

export type PageEvent =
  | {
      readonly type: 'PageConnected';
      readonly data: {
        readonly pageId: string;
        readonly tenantId: string;
        readonly settings: PageSettings;
      } & SealedSecrets;
    }
  | {
      readonly type: 'PageSettingsChanged';
      readonly data: {
        readonly pageId: string;
        readonly tenantId: string;
        readonly changes: Partial<PageSettings>;
      };
    }
  | {
      readonly type: 'PageSecretsReplaced';
      readonly data: {
        readonly pageId: string;
        readonly tenantId: string;
      } & Partial<SealedSecrets>;
    }
  | {
      /** Facebook refused the token (code 190). `tokenFingerprint` tells which token, so a replaced one is not blamed. */
      readonly type: 'PageTokenInvalidated';
      readonly data: {
        readonly pageId: string;
        readonly tenantId: string;
        readonly reason: string;
        readonly tokenFingerprint: string;
      };
    }
  | {
      readonly type: 'PageTokenVerified';
      readonly data: {
        readonly pageId: string;
        readonly tenantId: string;
        readonly facebookName: string;
        readonly tokenFingerprint: string;
      };
    }
  | {
      readonly type: 'PageSubscribed';
      readonly data: {
        readonly pageId: string;
        readonly tenantId: string;
        readonly fields: readonly string[];
      };
    }
  | {
      readonly type: 'MessengerProfileSet';
      readonly data: {
        readonly pageId: string;
        readonly tenantId: string;
        readonly profile: MessengerProfile;
      };
    };

export const PAGE_EVENT_TYPES = new Set<string>([
  'PageConnected',
  'PageSettingsChanged',
  'PageSecretsReplaced',
  'PageTokenInvalidated',
  'PageTokenVerified',
  'PageSubscribed',
  'MessengerProfileSet',
]);

/** The write side only needs to know whether the page is connected, and to whom. */
export interface PageWriteState {
  readonly tenantId: string | null;
  readonly connected: boolean;
}

export type PageCommand =
  | { readonly type: 'Connect'; readonly event: Extract<PageEvent, { type: 'PageConnected' }> }
  | { readonly type: 'Record'; readonly event: Exclude<PageEvent, { type: 'PageConnected' }> };

export const pageDecider: Decider<PageWriteState, PageCommand, PageEvent> = {
  initialState: () => ({ tenantId: null, connected: false }),
  evolve: (state, event) =>
    event.type === 'PageConnected'
      ? { tenantId: event.data.tenantId, connected: true }
      : { ...state, tenantId: state.tenantId ?? event.data.tenantId },
  decide: (command, state) => {
    switch (command.type) {
      case 'Connect':
        if (state.connected)
          throw new AppError(
            'conflict',
            `pageId: page ${command.event.data.pageId} is already connected`,
          );
        return [command.event];
      case 'Record':
        if (
          command.event.type === 'PageSettingsChanged' &&
          Object.keys(command.event.data.changes).length === 0
        )
          return [];
        return [command.event];
      default:
        return exhaustive(command);
    }
  },
};
