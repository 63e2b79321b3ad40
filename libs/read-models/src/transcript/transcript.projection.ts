import { deliveryStatus, type Receipts } from '@pagedesk/contracts';
import {
  AGENT_REACTIONS,
  type AgentMessageContent,
  type ConversationEvent,
} from '@pagedesk/conversation';
import type { RecordedEvent } from '@pagedesk/event-store';
import type { AsyncSqlDb } from '@pagedesk/processing';
import { ConversationProjection, unhandled } from '../conversation-event';
import { TRANSCRIPT_TABLES, TranscriptSql } from './transcript.sql';
import type { DeliveryStatus } from './transcript.types';

export const TRANSCRIPT = 'transcript';

/** Text and button messages have text; attachments and carousels are described by `details.content`. */
const textOf = (content: AgentMessageContent): string | null =>
  content.kind === 'text' || content.kind === 'buttons' ? content.text : null;

const byMid = (mid: string) => `mid:${mid}`;
const outbound = (messageId: string) => `out:${messageId}`;
/** System moments have no id of their own: the event's place in the log is unique and stable across rebuilds. */
const moment = (recorded: RecordedEvent) => `pos:${recorded.globalPosition}`;
/**
 * A transfer's record and the AgentAssigned / ConversationRequeued after it share
 * the agent and the time (one decision), so the second finds the first by this id
 * and adds no second entry. Streams from before transfers were recorded have none.
 */
const transfer = (fromAgentId: string, at: number) => `transfer:${fromAgentId}:${at}`;

/** Every message and system moment of a conversation, for quality control and audits. */
export class TranscriptProjection extends ConversationProjection<TranscriptSql> {
  readonly name = TRANSCRIPT;
  readonly tables = TRANSCRIPT_TABLES;

  constructor(db: AsyncSqlDb) {
    super(new TranscriptSql(db));
  }

  private async receipts(conversationId: string): Promise<Receipts> {
    const row = await this.sql.conversation(conversationId);
    return {
      deliveredWatermark: row?.delivered_watermark ?? 0,
      readWatermark: row?.read_watermark ?? 0,
      deliveredMids: await this.sql.deliveredMids(conversationId),
    };
  }

  /** Re-applies the one delivery rule (libs/contracts) to every sent message a receipt may have reached. */
  private async applyReceipts(conversationId: string): Promise<void> {
    const receipts = await this.receipts(conversationId);
    for (const entry of await this.sql.unreadSent(conversationId)) {
      const facts = {
        mid: entry.mid,
        sentAt: entry.sent_at,
        requestedAt: entry.sent_at,
        failure: null,
      };
      const status = deliveryStatus(facts, receipts);
      if (status !== entry.delivery)
        await this.sql.setDelivery(conversationId, entry.entry_id, status);
    }
  }

  private async recordedTransfer(
    conversationId: string,
    agentId: string | null,
    at: number,
  ): Promise<boolean> {
    return (
      agentId !== null &&
      (await this.sql.entryTime(conversationId, transfer(agentId, at))) !== undefined
    );
  }

  private async timeOf(conversationId: string, mid: string | null): Promise<number | undefined> {
    return mid === null ? undefined : this.sql.entryTime(conversationId, byMid(mid));
  }

  protected override async applyConversationEvent(
    conversationId: string,
    event: ConversationEvent,
    recorded: RecordedEvent,
  ): Promise<void> {
    // Each entry is written out field by field: `{ ...entry, entryId, at, ... }` (new fields
    // after a spread) made an entry cost Node 20 about 8.6 µs, this 1.4 (BENCHMARKS.md, session 15).
    const position = recorded.globalPosition;
    const systemMoment = (type: string, at: number, details: object, agentId?: string) =>
      this.sql.insertEntry({
        conversationId,
        position,
        entryId: moment(recorded),
        at,
        kind: 'system',
        type,
        agentId,
        details,
      });
    switch (event.type) {
      case 'ConversationStarted':
        return this.sql.insertConversation(conversationId, event.data.tenantId, event.data.pageId);
      case 'CustomerProfileFetched':
        return this.sql.setCustomerName(
          conversationId,
          [event.data.firstName, event.data.lastName].filter((part) => part).join(' ') || null,
        );
      case 'CustomerMessageReceived':
        return this.sql.insertEntry({
          conversationId,
          position,
          entryId: byMid(event.data.mid),
          at: event.data.sentAt,
          kind: 'customer',
          type: 'message',
          mid: event.data.mid,
          text: event.data.text,
          details: {
            attachments: event.data.attachments,
            quickReplyPayload: event.data.quickReplyPayload,
            replyToMid: event.data.replyToMid,
          },
        });
      case 'PostbackReceived':
        return this.sql.insertEntry({
          conversationId,
          position,
          entryId: event.data.mid === null ? moment(recorded) : byMid(event.data.mid),
          at: event.data.sentAt,
          kind: 'customer',
          type: 'postback',
          mid: event.data.mid,
          text: event.data.title,
          details: {
            payload: event.data.payload,
            referral: event.data.referral,
            standby: event.data.standby,
          },
        });
      case 'ReferralReceived':
        return this.sql.insertEntry({
          conversationId,
          position,
          entryId: moment(recorded),
          at: event.data.sentAt,
          kind: 'customer',
          type: 'referral',
          details: { referral: event.data.referral },
        });
      case 'PageMessageEchoed':
        return this.sql.insertEntry({
          conversationId,
          position,
          entryId: byMid(event.data.mid),
          at: event.data.sentAt,
          kind: 'page',
          type: 'message',
          mid: event.data.mid,
          text: event.data.text,
          details: { attachments: event.data.attachments, appId: event.data.appId },
        });
      case 'AgentMessageRequested':
        return this.sql.insertEntry({
          conversationId,
          position,
          entryId: outbound(event.data.messageId),
          at: event.data.requestedAt,
          kind: 'agent',
          type: 'message',
          agentId: event.data.agentId,
          text: textOf(event.data.content),
          details: { content: event.data.content },
          delivery: 'pending' satisfies DeliveryStatus,
          sentAt: event.data.requestedAt,
        });
      case 'AutomaticMessageRequested':
        return this.sql.insertEntry({
          conversationId,
          position,
          entryId: outbound(event.data.messageId),
          at: event.data.requestedAt,
          kind: 'automatic',
          type: 'message',
          text: textOf(event.data.content),
          details: { trigger: event.data.trigger, content: event.data.content },
          delivery: 'pending' satisfies DeliveryStatus,
          sentAt: event.data.requestedAt,
        });
      case 'AgentMessageSent': {
        const receipts = await this.receipts(conversationId);
        return this.sql.markSent(
          conversationId,
          outbound(event.data.messageId),
          event.data.mid,
          event.data.sentAt,
          // The stored time is Facebook's send time when known, else the request time: the rule's own fallback.
          (sentAt): DeliveryStatus =>
            deliveryStatus(
              { mid: event.data.mid, sentAt, requestedAt: sentAt, failure: null },
              receipts,
            ),
        );
      }
      case 'AgentMessageFailed':
        return this.sql.markFailed(
          conversationId,
          outbound(event.data.messageId),
          event.data.reason,
          deliveryStatus(
            { mid: null, sentAt: null, requestedAt: event.data.failedAt, failure: event.data },
            await this.receipts(conversationId),
          ),
        );
      case 'DeliveryWatermarkAdvanced':
        await this.sql.delivered(conversationId, event.data.watermark, event.data.mids ?? []);
        return this.applyReceipts(conversationId);
      case 'ReadWatermarkAdvanced':
        await this.sql.read(conversationId, event.data.watermark);
        return this.applyReceipts(conversationId);
      case 'CustomerMessageEdited':
        return this.sql.addEdit(
          conversationId,
          event.data.mid,
          event.data.editCount,
          event.data.newText,
          event.data.editedAt,
        );
      case 'ReactionSet':
        return this.sql.react(
          conversationId,
          event.data.mid,
          event.data.reaction,
          event.data.emoji,
          event.data.reactedAt,
        );
      case 'ReactionRemoved':
        return this.sql.react(conversationId, event.data.mid, null, null, event.data.reactedAt);
      case 'ConversationQueued':
        return systemMoment('queued', event.data.queuedAt, { queue: event.data.queue });
      case 'AgentAssigned':
        if (
          await this.recordedTransfer(
            conversationId,
            event.data.previousAgentId,
            event.data.assignedAt,
          )
        )
          return;
        return systemMoment(
          event.data.previousAgentId === null ? 'assigned' : 'transferred',
          event.data.assignedAt,
          { previousAgentId: event.data.previousAgentId, assignedBy: event.data.assignedBy },
          event.data.agentId,
        );
      case 'ConversationRequeued':
        if (
          await this.recordedTransfer(
            conversationId,
            event.data.previousAgentId,
            event.data.queuedAt,
          )
        )
          return;
        return systemMoment(
          event.data.reason === 'transferred' ? 'transferred' : 'requeued',
          event.data.queuedAt,
          { queue: event.data.queue, previousAgentId: event.data.previousAgentId },
        );
      case 'ContactInfoShared':
        // Right after the message that carried it, when one did (Pagedesk's clock and Facebook's differ).
        return systemMoment(
          'contact_shared',
          (await this.timeOf(conversationId, event.data.mid)) ?? event.data.sharedAt,
          {
            kind: event.data.kind,
            value: event.data.value,
            mid: event.data.mid,
          },
        );
      case 'ConversationClosedByAgent':
        return systemMoment('closed', event.data.closedAt, {}, event.data.agentId);
      case 'ChatEndedByCustomer':
        return systemMoment('customer_ended', event.data.endedAt, {});
      case 'RecipientUnavailable':
        return systemMoment('unreachable', event.data.endedAt, {
          messageId: event.data.messageId,
        });
      case 'ConversationExpired':
        return systemMoment('expired', event.data.expiredAt, {
          rule: event.data.rule,
          deadline: event.data.deadline,
        });
      // Recorded when asked for, like a message; whether Facebook took it is the outbox's business.
      case 'AgentReactionRequested': {
        const { mid, reaction } = event.data;
        return systemMoment(
          'agent_reacted',
          event.data.requestedAt,
          { mid, reaction, emoji: reaction === null ? null : AGENT_REACTIONS[reaction] },
          event.data.agentId,
        );
      }
      case 'CsatAnswered':
        return this.sql.insertEntry({
          conversationId,
          position,
          entryId: byMid(event.data.mid),
          at: event.data.sentAt,
          kind: 'customer',
          type: 'csat_answer',
          mid: event.data.mid,
          text: event.data.text,
          details: {
            surveyId: event.data.surveyId,
            scale: event.data.scale,
            choice: event.data.choice,
          },
        });
      // The survey's question is its message (AutomaticMessageRequested, trigger csat_survey); a reaction's outcome is the outbox's business.
      case 'CsatSurveyRequested':
      case 'AgentReactionSent':
      case 'AgentAttachmentUploaded':
      case 'AgentReactionFailed':
        return;
      case 'ConversationTransferred': {
        const { fromAgentId, to, note, transferredAt } = event.data;
        return this.sql.insertEntry({
          conversationId,
          position,
          entryId: transfer(fromAgentId, transferredAt),
          at: transferredAt,
          kind: 'system',
          type: 'transferred',
          agentId: to.kind === 'agent' ? to.agentId : undefined,
          details: {
            fromAgentId,
            previousAgentId: fromAgentId,
            queue: to.kind === 'queue' ? to.queue : null,
            note,
          },
        });
      }
      case 'ConversationWrappedUp':
        return systemMoment(
          'wrapped_up',
          event.data.wrappedUpAt,
          { tags: event.data.tags },
          event.data.agentId,
        );
      case 'InternalNoteAdded':
        return this.sql.insertEntry({
          conversationId,
          position,
          entryId: `note:${event.data.authorId}:${event.data.noteId}`,
          at: event.data.addedAt,
          kind: 'note',
          type: 'note',
          agentId: event.data.authorId,
          text: event.data.text,
          details: {},
        });
      // Who the customer is matters to the list, not to what was said.
      case 'GuestUpgraded':
      case 'UserRefResolved':
      case 'CustomerProfileUnavailable':
        return;
      default:
        return unhandled(event);
    }
  }
}
