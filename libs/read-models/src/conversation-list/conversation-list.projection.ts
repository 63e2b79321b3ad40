import type { ConversationEvent } from '@pagedesk/conversation';
import type { AsyncSqlDb } from '@pagedesk/processing';
import { ConversationProjection, unhandled } from '../conversation-event';
import { CONVERSATION_LIST_TABLES, ConversationListSql } from './conversation-list.sql';

export const CONVERSATION_LIST = 'conversation-list';

const fullName = (first: string | null, last: string | null): string | null =>
  [first, last].filter((part) => part).join(' ') || null;

/** One row per conversation, for supervisors' lists and filters. */
export class ConversationListProjection extends ConversationProjection<ConversationListSql> {
  readonly name = CONVERSATION_LIST;
  readonly tables = CONVERSATION_LIST_TABLES;

  constructor(db: AsyncSqlDb) {
    super(new ConversationListSql(db));
  }

  protected override async applyConversationEvent(
    id: string,
    event: ConversationEvent,
  ): Promise<void> {
    switch (event.type) {
      case 'ConversationStarted':
        return this.sql.insertStarted({
          conversationId: id,
          tenantId: event.data.tenantId,
          pageId: event.data.pageId,
          channel: event.data.channel,
          customerKind: event.data.customer.kind,
          customerId: event.data.customer.id,
          startedAt: event.data.startedAt,
        });
      case 'GuestUpgraded':
      case 'UserRefResolved':
        return this.sql.setCustomer(id, 'psid', event.data.psid);
      case 'CustomerProfileFetched':
        return this.sql.setCustomerName(id, fullName(event.data.firstName, event.data.lastName));
      case 'ConversationQueued':
        return this.sql.queued(id, event.data.queue, event.data.queuedAt);
      case 'AgentAssigned':
        return this.sql.assigned(id, event.data.agentId, event.data.assignedAt);
      case 'ConversationRequeued':
        return this.sql.requeued(id, event.data.queue);
      case 'CustomerMessageReceived':
      case 'PostbackReceived':
        return this.sql.countMessage(id, 'customer_messages');
      case 'AgentMessageRequested':
        return this.sql.countMessage(id, 'agent_messages');
      case 'AutomaticMessageRequested':
        return this.sql.countMessage(id, 'automatic_messages');
      case 'PageMessageEchoed':
        return this.sql.countMessage(id, 'page_messages');
      case 'ConversationWrappedUp':
        return this.sql.addWrapUp(id, event.data.tags);
      case 'ContactInfoShared':
        return this.sql.addContact(id, event.data.kind, event.data.value, event.data.sharedAt);
      case 'ConversationClosedByAgent':
        return this.sql.ended(id, 'closed', event.data.closedAt);
      case 'ChatEndedByCustomer':
        return this.sql.ended(id, 'customer_ended', event.data.endedAt);
      case 'ConversationExpired':
        return this.sql.ended(id, 'expired', event.data.expiredAt);
      case 'RecipientUnavailable':
        return this.sql.ended(id, 'unreachable', event.data.endedAt);
      // Nothing in the list depends on these.
      case 'ReferralReceived':
      case 'CustomerProfileUnavailable':
      case 'AgentMessageSent':
      case 'AgentMessageFailed':
      case 'CustomerMessageEdited':
      case 'ReactionSet':
      case 'ReactionRemoved':
      case 'DeliveryWatermarkAdvanced':
      case 'ReadWatermarkAdvanced':
      case 'CsatSurveyRequested':
      case 'CsatAnswered':
      case 'AgentReactionRequested':
      case 'AgentReactionSent':
      case 'AgentAttachmentUploaded':
      case 'AgentReactionFailed':
      case 'ConversationTransferred':
      case 'InternalNoteAdded':
        return;
      default:
        return unhandled(event);
    }
  }
}
