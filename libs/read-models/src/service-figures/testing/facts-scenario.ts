import type { ConversationEvent, CsatScale } from '@pagedesk/conversation';
import { evolveFacts, startFacts, type ConversationFacts } from '../conversation-facts';

/**
 * A conversation told as a script of what happened when, to the events the
 * log would hold: hand-written scenarios read like a supervisor's account.
 */
export type Step =
  | { readonly at: number; readonly queued: string | null }
  | { readonly at: number; readonly customer: true }
  | { readonly at: number; readonly assigned: string; readonly from?: string }
  | { readonly at: number; readonly reply: string }
  | { readonly at: number; readonly pageReply: true }
  | { readonly at: number; readonly automatic: true }
  | { readonly at: number; readonly requeued: string | null; readonly from: string }
  | { readonly at: number; readonly closedBy: string }
  | { readonly at: number; readonly customerEnded: true }
  | { readonly at: number; readonly expired: true }
  | { readonly at: number; readonly surveyed: string; readonly scale: CsatScale }
  | { readonly at: number; readonly rated: string; readonly scale: CsatScale };

export interface Script {
  readonly id: string;
  readonly tenantId?: string;
  readonly pageId: string;
  readonly startedAt: number;
  readonly steps: readonly Step[];
}

const content = (text: string) => ({ kind: 'text' as const, text, quickReplies: [] });
const RESPONSE = { messagingType: 'RESPONSE' as const };

function eventOf(step: Step, index: number): ConversationEvent {
  const at = step.at;
  const id = `m${index}`;
  if ('queued' in step)
    return { type: 'ConversationQueued', data: { queue: step.queued, queuedAt: at } };
  if ('customer' in step)
    return {
      type: 'CustomerMessageReceived',
      data: {
        mid: id,
        text: 'hi',
        attachments: [],
        quickReplyPayload: null,
        replyToMid: null,
        sentAt: at,
      },
    };
  if ('assigned' in step)
    return {
      type: 'AgentAssigned',
      data: {
        agentId: step.assigned,
        previousAgentId: step.from ?? null,
        assignedBy: step.from ?? step.assigned,
        assignedAt: at,
      },
    };
  if ('reply' in step)
    return {
      type: 'AgentMessageRequested',
      data: {
        messageId: id,
        clientMessageId: id,
        agentId: step.reply,
        content: content('hello'),
        messaging: RESPONSE,
        requestedAt: at,
      },
    };
  if ('pageReply' in step)
    return {
      type: 'PageMessageEchoed',
      data: {
        mid: id,
        appId: null,
        text: 'from the inbox',
        attachments: [],
        metadata: null,
        sentAt: at,
      },
    };
  if ('automatic' in step)
    return {
      type: 'AutomaticMessageRequested',
      data: {
        messageId: id,
        trigger: 'opening',
        content: content('welcome'),
        messaging: RESPONSE,
        requestedAt: at,
      },
    };
  if ('requeued' in step)
    return {
      type: 'ConversationRequeued',
      data: {
        queue: step.requeued,
        previousAgentId: step.from,
        reason: 'transferred',
        front: false,
        requeuedBy: step.from,
        queuedAt: at,
      },
    };
  if ('closedBy' in step)
    return { type: 'ConversationClosedByAgent', data: { agentId: step.closedBy, closedAt: at } };
  if ('surveyed' in step)
    return {
      type: 'CsatSurveyRequested',
      data: {
        surveyId: 's',
        agentId: step.surveyed,
        question: 'How did we do?',
        scale: step.scale,
        requestedAt: at,
      },
    };
  if ('rated' in step)
    return {
      type: 'CsatAnswered',
      data: {
        surveyId: 's',
        mid: id,
        scale: step.scale,
        choice: step.rated,
        text: step.rated,
        sentAt: at,
        answeredAt: at,
      },
    };
  if ('customerEnded' in step) return { type: 'ChatEndedByCustomer', data: { endedAt: at } };
  return {
    type: 'ConversationExpired',
    data: { rule: '24h_after_last_customer_message', deadline: at, expiredAt: at },
  };
}

export function eventsOf(script: Script): ConversationEvent[] {
  return [
    {
      type: 'ConversationStarted',
      data: {
        conversationId: script.id,
        tenantId: script.tenantId ?? 'acme',
        pageId: script.pageId,
        customer: { kind: 'psid', id: `psid-${script.id}` },
        channel: 'messenger',
        referral: null,
        startedAt: script.startedAt,
      },
    },
    ...script.steps.map(eventOf),
  ];
}

/** What the projection stores for the script: the same fold, without the database. */
export function factsOf(script: Script): ConversationFacts {
  const [start, ...rest] = eventsOf(script);
  if (start?.type !== 'ConversationStarted') throw new Error('a script starts the conversation');
  return rest.reduce(evolveFacts, startFacts(script.id, start.data));
}
