import type { RecordCustomerMessage, RequestCsatSurvey } from './commands';
import { csatSurveyContent, judgeCsatAnswer } from './csat';
import { ConversationError } from './errors';
import type { ConversationEvent } from './events';
import { requireStarted } from './guards';
import { messagingPolicyFor } from './messaging-window';
import type { ConversationState, EndedConversation } from './state';

/**
 * One survey per conversation, only after an agent closed it and only inside
 * Messenger's 24-hour window (a survey is an automatic message, never tagged):
 * outside it the decider refuses with `outside_messaging_window` and nothing is
 * recorded. A retried request (same survey id) records nothing.
 */
export function requestCsatSurvey(
  { data }: RequestCsatSurvey,
  state: ConversationState,
  now: number,
): ConversationEvent[] {
  const started = requireStarted(state);
  if (started.status === 'ended' && started.survey !== null) return [];
  if (started.status !== 'ended' || started.end.reason !== 'agent_closed') {
    throw new ConversationError(
      'not_closed_by_agent',
      'a satisfaction survey follows an agent closing the conversation',
      { status: started.status },
    );
  }
  if (data.question.trim() === '')
    throw new ConversationError('empty_message', 'a survey needs a question');
  const messaging = messagingPolicyFor(started, now, {
    author: 'automatic',
    humanAgentTagAllowed: false,
  });
  const { surveyId, question, scale } = data;
  return [
    {
      type: 'CsatSurveyRequested',
      data: { surveyId, agentId: started.end.agentId, question, scale, requestedAt: now },
    },
    {
      type: 'AutomaticMessageRequested',
      data: {
        messageId: surveyId,
        trigger: 'csat_survey',
        content: csatSurveyContent(surveyId, question, scale),
        messaging,
        requestedAt: now,
      },
    },
  ];
}

/**
 * A customer message on an ended conversation is either its survey's answer,
 * a repeat of it (`[]`), or not for this conversation at all: then null, and
 * the caller treats it as any message after the end (a new conversation).
 */
export function answerCsatSurvey(
  { data }: RecordCustomerMessage,
  ended: EndedConversation,
  now: number,
): ConversationEvent[] | null {
  const verdict = judgeCsatAnswer(ended.survey, data.quickReplyPayload, now);
  if (verdict.kind === 'not_an_answer' || ended.survey === null) return null;
  if (verdict.kind === 'repeat') return [];
  return [
    {
      type: 'CsatAnswered',
      data: {
        surveyId: ended.survey.surveyId,
        mid: data.mid,
        scale: ended.survey.scale,
        choice: verdict.choice,
        text: data.text,
        sentAt: data.sentAt,
        answeredAt: now,
      },
    },
  ];
}
