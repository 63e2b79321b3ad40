import { csatPayload, judgeCsatAnswer, surveyWindowClosed } from './csat';
import type { ConversationEvent } from './events';
import { given, stateAfter } from './testing/decider-specification';
import {
  AGENT,
  NOW,
  T0,
  assigned,
  closed,
  command,
  customerMessage,
  started,
} from './testing/fixtures';

const HOUR = 3_600_000;
const SURVEY = 'survey-1';
const QUESTION = 'How did we do?';

const ask = (now = NOW, scale: 'five_point' | 'thumbs' = 'five_point') =>
  command('RequestCsatSurvey', { surveyId: SURVEY, question: QUESTION, scale }, now);

const surveyed = (
  scale: 'five_point' | 'thumbs' = 'five_point',
  requestedAt = NOW,
): ConversationEvent[] => [
  {
    type: 'CsatSurveyRequested',
    data: { surveyId: SURVEY, agentId: AGENT, question: QUESTION, scale, requestedAt },
  },
  {
    type: 'AutomaticMessageRequested',
    data: {
      messageId: SURVEY,
      trigger: 'csat_survey',
      content: {
        kind: 'text',
        text: QUESTION,
        quickReplies: (scale === 'thumbs' ? ['up', 'down'] : ['1', '2', '3', '4', '5']).map(
          (choice) => ({
            type: 'text',
            title: { up: '👍', down: '👎' }[choice] ?? choice,
            payload: `PAGEDESK_CSAT:${SURVEY}:${choice}`,
            imageUrl: null,
          }),
        ),
      },
      messaging: { messagingType: 'RESPONSE' },
      requestedAt,
    },
  },
];

const closedConversation = (): ConversationEvent[] => [
  started(),
  customerMessage('m_1'),
  assigned(),
  closed(),
];

const tap = (mid: string, payload: string | null, now = NOW + 60_000, text = '4') =>
  command(
    'RecordCustomerMessage',
    {
      mid,
      text,
      attachments: [],
      quickReplyPayload: payload,
      replyToMid: null,
      sentAt: now - 1_000,
    },
    now,
  );

const answered = (mid: string, choice: string, now: number, scale = 'five_point' as const) => ({
  type: 'CsatAnswered' as const,
  data: {
    surveyId: SURVEY,
    mid,
    scale,
    choice,
    text: '4',
    sentAt: now - 1_000,
    answeredAt: now,
  },
});

describe('RequestCsatSurvey', () => {
  it('given an agent closed, asks the question with one quick reply per choice, as a plain reply', () => {
    given(closedConversation()).when(ask()).then(surveyed());
  });

  it('given the thumbs scale, offers 👍 and 👎', () => {
    given(closedConversation()).when(ask(NOW, 'thumbs')).then(surveyed('thumbs'));
  });

  it('given a survey already asked, records nothing (a replayed close asks once)', () => {
    given([...closedConversation(), ...surveyed()])
      .when(ask(NOW + 5_000))
      .thenNothing();
  });

  it("given the customer's last message is 24 hours old, refuses: never sent outside the window", () => {
    // The window is judged at metadata.now against the customer's latest message (T0).
    given(closedConversation())
      .when(ask(T0 + 24 * HOUR))
      .thenThrows('outside_messaging_window');
    given(closedConversation())
      .when(ask(T0 + 24 * HOUR - 1))
      .then(surveyed('five_point', T0 + 24 * HOUR - 1));
  });

  it('given the conversation is still open, or ended another way, refuses', () => {
    given([started(), customerMessage('m_1'), assigned()])
      .when(ask())
      .thenThrows('not_closed_by_agent');
    given([
      started(),
      customerMessage('m_1'),
      { type: 'ChatEndedByCustomer', data: { endedAt: NOW } },
    ])
      .when(ask())
      .thenThrows('not_closed_by_agent');
  });

  it('given a blank question, refuses', () => {
    given(closedConversation())
      .when(command('RequestCsatSurvey', { surveyId: SURVEY, question: '  ', scale: 'thumbs' }))
      .thenThrows('empty_message');
  });
});

describe('the answer (RecordCustomerMessage on the ended conversation)', () => {
  const history = () => [...closedConversation(), ...surveyed()];
  const at = NOW + 60_000;

  it('given the survey, a tap on its quick reply is the answer', () => {
    given(history())
      .when(tap('m_a', csatPayload(SURVEY, '4'), at))
      .then([answered('m_a', '4', at)]);
  });

  it('given an answer, the same delivery again records nothing', () => {
    given([...history(), answered('m_a', '4', at)])
      .when(tap('m_a', csatPayload(SURVEY, '4'), at))
      .thenNothing();
  });

  it('given an answer, a second, different tap records nothing: one answer per survey', () => {
    given([...history(), answered('m_a', '4', at)])
      .when(tap('m_b', csatPayload(SURVEY, '1'), at + 1_000))
      .thenNothing();
  });

  it('given the survey, a payload naming another survey, or off the scale, is not an answer: it is a message after the end', () => {
    given(history())
      .when(tap('m_f', csatPayload('someone-elses-survey', '5')))
      .thenThrows('already_ended');
    given(history())
      .when(tap('m_f', csatPayload(SURVEY, '9')))
      .thenThrows('already_ended');
    given(history()).when(tap('m_f', 'PAGEDESK_CSAT:survey-1:4:extra')).thenThrows('already_ended');
  });

  it('given no survey was asked, a survey payload is a message after the end', () => {
    given(closedConversation())
      .when(tap('m_f', csatPayload(SURVEY, '5')))
      .thenThrows('already_ended');
  });

  it('given 24 hours since the survey was asked, the tap is too late to count', () => {
    given(history())
      .when(tap('m_late', csatPayload(SURVEY, '5'), NOW + 24 * HOUR))
      .thenThrows('already_ended');
    given(history())
      .when(tap('m_in', csatPayload(SURVEY, '5'), NOW + 24 * HOUR - 1))
      .then([answered('m_in', '5', NOW + 24 * HOUR - 1)]);
  });

  it('given the survey, an ordinary message is still a message after the end', () => {
    given(history()).when(tap('m_x', null)).thenThrows('already_ended');
  });

  it('given a live conversation, a survey payload is just a customer message', () => {
    const live = [started(), customerMessage('m_1'), assigned()];
    given(live)
      .when(tap('m_l', csatPayload(SURVEY, '5')))
      .then([
        {
          type: 'CustomerMessageReceived',
          data: {
            mid: 'm_l',
            text: '4',
            attachments: [],
            quickReplyPayload: csatPayload(SURVEY, '5'),
            replyToMid: null,
            sentAt: NOW + 59_000,
          },
        },
      ]);
  });
});

describe('judgeCsatAnswer', () => {
  const survey = { surveyId: SURVEY, scale: 'thumbs' as const, requestedAt: NOW, answered: false };
  it('reads thumbs choices and nothing else', () => {
    expect(judgeCsatAnswer(survey, csatPayload(SURVEY, 'up'), NOW)).toEqual({
      kind: 'answer',
      choice: 'up',
    });
    expect(judgeCsatAnswer(survey, csatPayload(SURVEY, '5'), NOW).kind).toBe('not_an_answer');
    expect(judgeCsatAnswer(survey, null, NOW).kind).toBe('not_an_answer');
    expect(
      judgeCsatAnswer({ ...survey, answered: true }, csatPayload(SURVEY, 'down'), NOW),
    ).toEqual({ kind: 'repeat' });
  });
});

describe('surveyWindowClosed (checked again by the outbox before it sends)', () => {
  const state = stateAfter([...closedConversation(), ...surveyed()]);
  if (state.status !== 'ended') throw new Error('fixture');
  const survey = state.outbound.get(SURVEY)!;
  it('holds back a survey once 24 hours have passed since the customer last wrote', () => {
    expect(surveyWindowClosed(survey, state, T0 + 24 * HOUR - 1)).toBe(false);
    expect(surveyWindowClosed(survey, state, T0 + 24 * HOUR)).toBe(true);
  });
  it('leaves other messages to the policy they were requested with', () => {
    const closing = { author: { kind: 'automatic', trigger: 'closing' } as const };
    expect(surveyWindowClosed(closing, state, T0 + 48 * HOUR)).toBe(false);
  });
});
