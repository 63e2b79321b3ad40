import type { JsonObject } from '@pagedesk/shared';
import { ConversationError } from './errors';
import type { ConversationEvent, ConversationEventType } from './events';

/** The schema version decide() writes today; the handler stores it next to each event. */
export const CONVERSATION_EVENT_VERSIONS = {
  ConversationStarted: 1,
  CustomerMessageReceived: 1,
  PostbackReceived: 1,
  ReferralReceived: 1,
  GuestUpgraded: 1,
  UserRefResolved: 1,
  CustomerProfileFetched: 1,
  CustomerProfileUnavailable: 1,
  ConversationQueued: 1,
  AgentAssigned: 1,
  ConversationRequeued: 1,
  AgentMessageRequested: 1,
  AutomaticMessageRequested: 1,
  AgentMessageSent: 1,
  AgentAttachmentUploaded: 1,
  AgentMessageFailed: 1,
  PageMessageEchoed: 1,
  CustomerMessageEdited: 1,
  ReactionSet: 1,
  ReactionRemoved: 1,
  DeliveryWatermarkAdvanced: 1,
  ReadWatermarkAdvanced: 1,
  ContactInfoShared: 1,
  ConversationClosedByAgent: 1,
  ChatEndedByCustomer: 1,
  ConversationExpired: 1,
  RecipientUnavailable: 1,
  CsatSurveyRequested: 1,
  CsatAnswered: 1,
  AgentReactionRequested: 1,
  AgentReactionSent: 1,
  AgentReactionFailed: 1,
  ConversationTransferred: 1,
  InternalNoteAdded: 1,
  ConversationWrappedUp: 1,
} as const satisfies Record<ConversationEventType, number>;

/** Turns data stored at version n into version n + 1. */
export type Upcaster = (data: JsonObject) => JsonObject;

/** Per event type, the upcaster that lifts data *from* each old version. */
export type UpcasterRegistry = {
  readonly [Type in ConversationEventType]?: Readonly<Record<number, Upcaster>>;
};

export type EventVersions = Readonly<Record<ConversationEventType, number>>;

const isEventType = (type: string, versions: EventVersions): type is ConversationEventType =>
  Object.prototype.hasOwnProperty.call(versions, type);

/**
 * Builds the read-side hook that brings stored data up to today's schema, one
 * version at a time, so old streams never need rewriting. A version newer than
 * this code knows means a newer deployment wrote it: refuse rather than guess.
 */
export function createUpcaster(
  registry: UpcasterRegistry,
  versions: EventVersions = CONVERSATION_EVENT_VERSIONS,
) {
  return function upcast(type: string, version: number, data: JsonObject): ConversationEvent {
    if (!isEventType(type, versions)) {
      throw new ConversationError('unknown_event_type', `unknown conversation event ${type}`, {
        type,
      });
    }
    const current = versions[type];
    if (!Number.isInteger(version) || version < 1 || version > current) {
      throw new ConversationError(
        'unsupported_event_version',
        `${type} v${version} is not supported`,
        {
          type,
          version,
          current,
        },
      );
    }
    let upcasted = data;
    for (let from = version; from < current; from++) {
      const step = registry[type]?.[from];
      if (step === undefined) {
        throw new ConversationError(
          'unsupported_event_version',
          `no upcaster for ${type} v${from}`,
          {
            type,
            version: from,
            current,
          },
        );
      }
      upcasted = step(upcasted);
    }
    // Data at the current version has the current shape by construction.
    return { type, data: upcasted } as unknown as ConversationEvent;
  };
}

/** No event has changed shape yet: the registry starts empty. */
export const upcast = createUpcaster({});
