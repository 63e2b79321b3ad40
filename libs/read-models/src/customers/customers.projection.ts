import type { ConversationEvent, Referral } from '@pagedesk/conversation';
import type { RecordedEvent } from '@pagedesk/event-store';
import {
  customerDecision,
  customerKeyOf,
  isArrivalReferral,
  type CustomerFact,
} from '@pagedesk/identity';
import type { AsyncSqlDb } from '@pagedesk/processing';
import { ConversationProjection, unhandled } from '../conversation-event';
import { CUSTOMER_TABLES, CustomersSql } from './customers.sql';

export const CUSTOMERS = 'customers';

const profileName = (first: string | null, last: string | null) =>
  [first, last].filter((part) => part).join(' ') || null;

/**
 * What was said and who handled it is the transcript's and the list's
 * business: most of the log (every message, receipt and assignment), so these
 * are told apart by their type before the conversation's row is looked up.
 */
const NOT_ABOUT_THE_CUSTOMER = [
  'CustomerMessageReceived',
  'CustomerProfileUnavailable',
  'ConversationQueued',
  'AgentAssigned',
  'ConversationRequeued',
  'AgentMessageRequested',
  'AutomaticMessageRequested',
  'AgentMessageSent',
  'AgentMessageFailed',
  'PageMessageEchoed',
  'CustomerMessageEdited',
  'ReactionSet',
  'ReactionRemoved',
  'DeliveryWatermarkAdvanced',
  'ReadWatermarkAdvanced',
  'CsatSurveyRequested',
  'CsatAnswered',
  'AgentReactionRequested',
  'AgentReactionSent',
  'AgentReactionFailed',
  'ConversationTransferred',
  'InternalNoteAdded',
  'ConversationWrappedUp',
  'AgentAttachmentUploaded',
] as const satisfies readonly ConversationEvent['type'][];

/** Every other event type, which the switch below must handle (a new type fails the type-check there). */
type CustomerEvent = Exclude<ConversationEvent, { type: (typeof NOT_ABOUT_THE_CUSTOMER)[number] }>;

const notAboutTheCustomer: ReadonlySet<string> = new Set(NOT_ABOUT_THE_CUSTOMER);
const aboutTheCustomer = (event: ConversationEvent): event is CustomerEvent =>
  !notAboutTheCustomer.has(event.type);

/**
 * Customers per tenant, from their conversations' events: profile, the contact
 * details they shared, how they arrived, and their conversations. Which
 * customer a conversation is comes from libs/identity (one person, one record,
 * also after a Chat Plugin guest logs in).
 */
export class CustomersProjection extends ConversationProjection<CustomersSql> {
  readonly name = CUSTOMERS;
  readonly tables = CUSTOMER_TABLES;

  constructor(db: AsyncSqlDb) {
    super(new CustomersSql(db));
  }

  protected override async applyConversationEvent(
    conversationId: string,
    event: ConversationEvent,
    recorded: RecordedEvent,
  ): Promise<void> {
    if (!aboutTheCustomer(event)) return;
    if (event.type === 'ConversationStarted')
      return this.started(conversationId, event.data, recorded);
    const conversation = await this.sql.conversation(conversationId);
    if (!conversation) return;
    const key = conversation.customer_key;
    const referral = async (r: Referral | null, at: number) => {
      if (r && isArrivalReferral(r)) await this.addReferral(key, conversationId, recorded, r, at);
    };
    switch (event.type) {
      case 'GuestUpgraded':
      case 'UserRefResolved': {
        const customer = await this.sql.customer(key);
        if (!customer) return;
        const pageId = customer.page_id;
        const fact: CustomerFact =
          event.type === 'GuestUpgraded'
            ? { type: event.type, pageId, guestId: event.data.guestId, psid: event.data.psid }
            : { type: event.type, pageId, userRef: event.data.userRef, psid: event.data.psid };
        // A join names both keys itself: it looks nothing up.
        const decision = customerDecision(fact, () => undefined);
        if (decision.kind !== 'join') return;
        await this.sql.join(decision.from, {
          customer_key: decision.into,
          tenant_id: conversation.tenant_id,
          page_id: pageId,
          identity_kind: 'psid',
          identity_id: event.data.psid,
        });
        return this.sql.setChannel(conversationId, decision.channel);
      }
      case 'CustomerProfileFetched':
        return this.sql.setProfile(
          key,
          profileName(event.data.firstName, event.data.lastName),
          event.data.pictureUrl,
        );
      case 'ContactInfoShared':
        return this.sql.addContact(key, {
          kind: event.data.kind,
          value: event.data.value,
          conversation_id: conversationId,
          shared_at: event.data.sharedAt,
        });
      case 'ReferralReceived':
        return referral(event.data.referral, event.data.sentAt);
      case 'PostbackReceived':
        return referral(event.data.referral, event.data.sentAt);
      case 'ConversationClosedByAgent':
        return this.sql.ended(conversationId, event.data.closedAt);
      case 'ChatEndedByCustomer':
      case 'RecipientUnavailable':
        return this.sql.ended(conversationId, event.data.endedAt);
      case 'ConversationExpired':
        return this.sql.ended(conversationId, event.data.expiredAt);
      default:
        return unhandled(event);
    }
  }

  private async started(
    conversationId: string,
    data: Extract<ConversationEvent, { type: 'ConversationStarted' }>['data'],
    recorded: RecordedEvent,
  ): Promise<void> {
    // The one key the decision looks up for a start, read before it: the rule itself is synchronous.
    const key = customerKeyOf(data.pageId, data.customer);
    const joined = await this.sql.joinedInto(key);
    const decision = customerDecision({ type: 'ConversationStarted', ...data }, (k) =>
      k === key ? joined : undefined,
    );
    if (decision.kind !== 'attach') return;
    await this.sql.ensureCustomer({
      customer_key: decision.customerKey,
      tenant_id: data.tenantId,
      page_id: data.pageId,
      identity_kind: data.customer.kind,
      identity_id: data.customer.id,
    });
    await this.sql.insertConversation({
      conversation_id: conversationId,
      customer_key: decision.customerKey,
      tenant_id: data.tenantId,
      channel: decision.channel,
      started_at: data.startedAt,
    });
    if (data.referral && isArrivalReferral(data.referral))
      await this.addReferral(
        decision.customerKey,
        conversationId,
        recorded,
        data.referral,
        data.startedAt,
      );
  }

  private async addReferral(
    key: string,
    conversationId: string,
    recorded: RecordedEvent,
    referral: Referral,
    at: number,
  ): Promise<void> {
    await this.sql.addReferral(key, recorded.globalPosition, {
      conversation_id: conversationId,
      type: referral.type,
      ref: referral.ref,
      source: referral.source,
      ad_id: referral.adId,
      referer_uri: referral.refererUri,
      at,
    });
  }
}
