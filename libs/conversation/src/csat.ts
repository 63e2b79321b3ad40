import type { AgentMessageContent, QuickReply } from './content';
import { insideReplyWindow } from './messaging-window';
import type { ConversationData, OutboundMessage } from './state';
import { HOUR_MS } from './time';

/**
 * Customer satisfaction surveys: the page asks one question after an agent
 * closes, the customer answers with a quick reply. Everything about the
 * payload (how it is written and how it is read back) lives here, so the
 * message that asks and the decider that accepts cannot disagree.
 */
export const CSAT_SCALES = ['five_point', 'thumbs'] as const;
export type CsatScale = (typeof CSAT_SCALES)[number];

export const CSAT_CHOICES: Readonly<Record<CsatScale, readonly string[]>> = {
  five_point: ['1', '2', '3', '4', '5'],
  thumbs: ['up', 'down'],
};

const TITLES: Readonly<Record<string, string>> = { up: '👍', down: '👎' };

/**
 * An answer counts for 24 hours after the survey was asked: the quick replies
 * are gone from Messenger once the customer writes again, and a survey that
 * may only be sent inside the 24-hour window should not be answered a week on.
 */
export const CSAT_ANSWER_WINDOW_MS = 24 * HOUR_MS;

/** Never contains `@` and never starts with `+`: see contactFromQuickReply. */
const PREFIX = 'PAGEDESK_CSAT';

export const csatPayload = (surveyId: string, choice: string): string =>
  `${PREFIX}:${surveyId}:${choice}`;

/** Null for anything that is not a Pagedesk survey payload at all. */
export function parseCsatPayload(
  payload: string | null,
): { readonly surveyId: string; readonly choice: string } | null {
  if (payload === null) return null;
  const parts = payload.split(':');
  if (parts.length !== 3 || parts[0] !== PREFIX || parts[1] === '' || parts[2] === '') return null;
  return { surveyId: parts[1] as string, choice: parts[2] as string };
}

/** The survey message: the question as text, one quick reply per choice. */
export function csatSurveyContent(
  surveyId: string,
  question: string,
  scale: CsatScale,
): AgentMessageContent {
  const quickReplies: QuickReply[] = CSAT_CHOICES[scale].map((choice) => ({
    type: 'text',
    title: TITLES[choice] ?? choice,
    payload: csatPayload(surveyId, choice),
    imageUrl: null,
  }));
  return { kind: 'text', text: question, quickReplies };
}

/** 4 or 5 of 5, or a thumb up: the usual "satisfied" share a CSAT percentage counts. */
export const csatSatisfied = (scale: CsatScale, choice: string): boolean =>
  scale === 'thumbs' ? choice === 'up' : Number(choice) >= 4;

/** The 1–5 rating, or null on the thumbs scale (it has no average). */
export const csatRating = (scale: CsatScale, choice: string): number | null =>
  scale === 'five_point' ? Number(choice) : null;

export type CsatSurveyState = {
  readonly surveyId: string;
  readonly scale: CsatScale;
  readonly requestedAt: number;
  readonly answered: boolean;
};

export type CsatAnswerVerdict =
  | { readonly kind: 'answer'; readonly choice: string }
  /** The survey was answered already: this tap records nothing. */
  | { readonly kind: 'repeat' }
  /** Not this survey's answer (no survey, another survey, off the scale, too late): an ordinary message. */
  | { readonly kind: 'not_an_answer'; readonly why: string };

/**
 * Whether a quick-reply payload answers this conversation's survey, judged at
 * `now` (the command's metadata). Exactly one answer per survey: the first
 * valid one; every later one, whatever it says, is a repeat.
 */
export function judgeCsatAnswer(
  survey: CsatSurveyState | null,
  payload: string | null,
  now: number,
): CsatAnswerVerdict {
  const parsed = parseCsatPayload(payload);
  if (parsed === null) return { kind: 'not_an_answer', why: 'no survey payload' };
  if (survey === null || parsed.surveyId !== survey.surveyId) {
    return { kind: 'not_an_answer', why: 'not this conversation’s survey' };
  }
  if (!CSAT_CHOICES[survey.scale].includes(parsed.choice)) {
    return { kind: 'not_an_answer', why: 'not a choice on the survey’s scale' };
  }
  if (survey.answered) return { kind: 'repeat' };
  if (now - survey.requestedAt >= CSAT_ANSWER_WINDOW_MS) {
    return { kind: 'not_an_answer', why: 'the survey closed 24 hours after it was asked' };
  }
  return { kind: 'answer', choice: parsed.choice };
}

/**
 * Judged again when the outbox is about to send: a survey held back past
 * Messenger's 24-hour window (retries, a paused page, a restart) is given up,
 * never sent. Other messages keep the policy they were requested with.
 */
export const surveyWindowClosed = (
  message: Pick<OutboundMessage, 'author'>,
  conversation: Pick<ConversationData, 'lastCustomerMessageAt'>,
  now: number,
): boolean =>
  message.author.kind === 'automatic' &&
  message.author.trigger === 'csat_survey' &&
  !insideReplyWindow(conversation, now);
