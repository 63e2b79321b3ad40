import type { ConversationEvent } from './events';
import { given } from './testing/decider-specification';
import {
  CONVERSATION_ID,
  GUEST,
  IMAGE,
  NOW,
  PAGE,
  PSID,
  SHORTLINK,
  T0,
  TENANT,
  USER_REF,
  assignedConversation,
  closed,
  command,
  customerMessage,
  requested,
  sent,
  started,
} from './testing/fixtures';

const message = (mid: string, sentAt = T0, extra: { quickReplyPayload?: string | null } = {}) =>
  command('RecordCustomerMessage', {
    mid,
    text: 'Hi, is size M still in stock?',
    attachments: [],
    quickReplyPayload: extra.quickReplyPayload ?? null,
    replyToMid: null,
    sentAt,
  });

const startCommand = (customer = PSID) =>
  command('StartConversation', {
    conversationId: CONVERSATION_ID,
    tenantId: TENANT,
    pageId: PAGE,
    customer,
    channel: 'messenger',
    referral: null,
    startedAt: T0,
  });

describe('StartConversation', () => {
  it('starts a conversation for a new customer', () => {
    given([])
      .when(
        command('StartConversation', {
          conversationId: CONVERSATION_ID,
          tenantId: TENANT,
          pageId: PAGE,
          customer: GUEST,
          channel: 'chat_plugin',
          referral: SHORTLINK,
          startedAt: T0,
        }),
      )
      .then([started({ customer: GUEST, channel: 'chat_plugin', referral: SHORTLINK })]);
  });

  it('is a no-op when Facebook redelivers the first message', () => {
    given([started()]).when(startCommand()).thenNothing();
  });

  it('still recognises the customer by the identity they had before an upgrade', () => {
    given([
      started({ customer: GUEST }),
      { type: 'GuestUpgraded', data: { guestId: GUEST.id, psid: PSID.id, upgradedAt: T0 + 1 } },
    ])
      .when(startCommand(GUEST))
      .thenNothing();
  });

  it('refuses to reuse a conversation for another customer', () => {
    given([started()])
      .when(startCommand({ kind: 'psid', id: '999' }))
      .thenThrows('already_started');
  });

  it('rejects a start on an ended conversation so the caller opens a new one', () => {
    given([started(), closed()]).when(startCommand()).thenThrows('already_ended');
  });
});

describe('RecordCustomerMessage', () => {
  it('records the message with its Facebook time', () => {
    given([started()])
      .when(
        command('RecordCustomerMessage', {
          mid: 'm_1',
          text: 'look',
          attachments: [IMAGE],
          quickReplyPayload: null,
          replyToMid: 'm_0',
          sentAt: T0 + 5,
        }),
      )
      .then([
        customerMessage('m_1', T0 + 5, { text: 'look', attachments: [IMAGE], replyToMid: 'm_0' }),
      ]);
  });

  it('records the same mid only once', () => {
    given([started(), customerMessage('m_1')])
      .when(message('m_1'))
      .thenNothing();
  });

  it('absorbs a redelivered old message even after the conversation ended', () => {
    given([started(), customerMessage('m_1'), closed()])
      .when(message('m_1'))
      .thenNothing();
  });

  it('rejects a new message on an ended conversation with already_ended', () => {
    given([started(), customerMessage('m_1'), closed()])
      .when(message('m_2'))
      .thenThrows('already_ended');
  });

  it('rejects a message before the conversation started', () => {
    given([]).when(message('m_1')).thenThrows('conversation_not_found');
  });

  it('shares an email the customer picked from a user_email quick reply', () => {
    given([started()])
      .when(message('m_q', T0 + 9, { quickReplyPayload: 'Anna.Schmidt@example.com' }))
      .then([
        customerMessage('m_q', T0 + 9, { quickReplyPayload: 'Anna.Schmidt@example.com' }),
        {
          type: 'ContactInfoShared',
          data: { kind: 'email', value: 'anna.schmidt@example.com', mid: 'm_q', sharedAt: T0 + 9 },
        },
      ]);
  });

  it('shares a phone number from a user_phone_number quick reply', () => {
    given([started()])
      .when(message('m_p', T0, { quickReplyPayload: '+4915123456789' }))
      .then([
        customerMessage('m_p', T0, { quickReplyPayload: '+4915123456789' }),
        {
          type: 'ContactInfoShared',
          data: { kind: 'phone', value: '+4915123456789', mid: 'm_p', sharedAt: T0 },
        },
      ]);
  });

  it('does not share contact info twice or read ordinary quick-reply payloads as contacts', () => {
    const shared: ConversationEvent = {
      type: 'ContactInfoShared',
      data: { kind: 'phone', value: '+4915123456789', mid: 'm_p', sharedAt: T0 },
    };
    given([started(), shared])
      .when(message('m_p2', T0 + 1, { quickReplyPayload: '+4915123456789' }))
      .then([customerMessage('m_p2', T0 + 1, { quickReplyPayload: '+4915123456789' })]);
    given([started()])
      .when(message('m_s', T0, { quickReplyPayload: 'SIZE_M' }))
      .then([customerMessage('m_s', T0, { quickReplyPayload: 'SIZE_M' })]);
  });

  it('rejects a command whose metadata.now is not an ISO time with offset', () => {
    given([started()])
      .when({ ...message('m_1'), metadata: { now: '2026-07-29 08:00' } })
      .thenThrows('invalid_time');
  });
});

describe('RecordPostback', () => {
  const postback = (mid: string | null, sentAt = T0, standby = false) =>
    command('RecordPostback', {
      mid,
      title: 'Get Started',
      payload: standby ? null : 'GET_STARTED',
      referral: SHORTLINK,
      standby,
      sentAt,
    });
  const received = (mid: string | null, sentAt = T0, standby = false): ConversationEvent => ({
    type: 'PostbackReceived',
    data: {
      mid,
      title: 'Get Started',
      payload: standby ? null : 'GET_STARTED',
      referral: SHORTLINK,
      standby,
      sentAt,
    },
  });

  it('records a postback', () => {
    given([started()])
      .when(postback('m_Pb11'))
      .then([received('m_Pb11')]);
  });

  it('records a standby postback without payload', () => {
    given([started()])
      .when(postback(null, T0, true))
      .then([received(null, T0, true)]);
  });

  it('dedupes by mid, and by time, title and payload when there is no mid', () => {
    given([started(), received('m_Pb11')])
      .when(postback('m_Pb11'))
      .thenNothing();
    given([started(), received(null)])
      .when(postback(null))
      .thenNothing();
    given([started(), received(null)])
      .when(postback(null, T0 + 1))
      .then([received(null, T0 + 1)]);
  });

  it('rejects a new postback on an ended conversation', () => {
    given([started(), closed()]).when(postback('m_new')).thenThrows('already_ended');
  });
});

describe('RecordReferral', () => {
  const referral = (sentAt = T0) => command('RecordReferral', { referral: SHORTLINK, sentAt });
  const received: ConversationEvent = {
    type: 'ReferralReceived',
    data: { referral: SHORTLINK, sentAt: T0 },
  };

  it('records a referral into an existing thread', () => {
    given([started()]).when(referral()).then([received]);
  });

  it('ignores a redelivered referral', () => {
    given([started(), received]).when(referral()).thenNothing();
  });

  it('rejects a new referral on an ended conversation', () => {
    given([started(), closed()])
      .when(referral(T0 + 1))
      .thenThrows('already_ended');
  });
});

describe('UpgradeGuest', () => {
  const upgrade = (guestId = GUEST.id) =>
    command('UpgradeGuest', { guestId, psid: PSID.id, upgradedAt: T0 + 30_000 });
  const upgraded: ConversationEvent = {
    type: 'GuestUpgraded',
    data: { guestId: GUEST.id, psid: PSID.id, upgradedAt: T0 + 30_000 },
  };

  it('moves the guest to their PSID', () => {
    given([started({ customer: GUEST })])
      .when(upgrade())
      .then([upgraded]);
  });

  it('is a no-op when redelivered', () => {
    given([started({ customer: GUEST }), upgraded])
      .when(upgrade())
      .thenNothing();
  });

  it('rejects an upgrade for a different customer', () => {
    given([started({ customer: GUEST })])
      .when(upgrade('1234'))
      .thenThrows('customer_mismatch');
    given([started()]).when(upgrade()).thenThrows('customer_mismatch');
  });

  it('rejects an upgrade after the guest ended the chat', () => {
    given([
      started({ customer: GUEST }),
      { type: 'ChatEndedByCustomer', data: { endedAt: T0 + 5 } },
    ])
      .when(upgrade())
      .thenThrows('already_ended');
  });
});

describe('ResolveUserRef', () => {
  const resolve = (userRef = USER_REF.id) =>
    command('ResolveUserRef', { userRef, psid: PSID.id, resolvedAt: T0 + 10 });
  const resolved: ConversationEvent = {
    type: 'UserRefResolved',
    data: { userRef: USER_REF.id, psid: PSID.id, resolvedAt: T0 + 10 },
  };

  it('replaces the Chat Plugin user_ref by the PSID once the customer replied', () => {
    given([started({ customer: USER_REF, channel: 'chat_plugin' })])
      .when(resolve())
      .then([resolved]);
  });

  it('is a no-op when repeated and rejects another user_ref', () => {
    given([started({ customer: USER_REF }), resolved])
      .when(resolve())
      .thenNothing();
    given([started({ customer: USER_REF })])
      .when(resolve('uref_other'))
      .thenThrows('customer_mismatch');
  });
});

describe('RecordProfile', () => {
  const profile = { firstName: 'Anna', lastName: 'Schmidt', pictureUrl: 'https://x/p.jpg' };
  const fetched: ConversationEvent = {
    type: 'CustomerProfileFetched',
    data: { ...profile, fetchedAt: NOW },
  };

  it('records the fetched profile', () => {
    given([started()]).when(command('RecordProfile', { profile })).then([fetched]);
  });

  it('records an unavailable profile once, and never over a fetched one', () => {
    const unavailable: ConversationEvent = {
      type: 'CustomerProfileUnavailable',
      data: { reason: 'graph 500', checkedAt: NOW },
    };
    const failed = command('RecordProfile', { profile: null, reason: 'graph 500' });
    given([started()]).when(failed).then([unavailable]);
    given([started(), unavailable]).when(failed).thenNothing();
    given([started(), fetched]).when(failed).thenNothing();
  });

  it('ignores the same profile again but records a change', () => {
    given([started(), fetched]).when(command('RecordProfile', { profile })).thenNothing();
    given([started(), fetched])
      .when(command('RecordProfile', { profile: { ...profile, lastName: 'Meyer' } }))
      .then([
        { type: 'CustomerProfileFetched', data: { ...profile, lastName: 'Meyer', fetchedAt: NOW } },
      ]);
  });

  it('is accepted after the end because the lookup may finish late', () => {
    given([started(), closed()]).when(command('RecordProfile', { profile })).then([fetched]);
  });
});

describe('RecordEcho', () => {
  const echo = (mid: string, metadata: string | null, appId = '263902037430900') =>
    command('RecordEcho', {
      mid,
      appId,
      text: 'Replied from the Page inbox',
      attachments: [],
      metadata,
      sentAt: T0 + 100,
    });

  it('records an echo from the Page inbox as a page message', () => {
    given([started()])
      .when(echo('m_EchoInbox10', null))
      .then([
        {
          type: 'PageMessageEchoed',
          data: {
            mid: 'm_EchoInbox10',
            appId: '263902037430900',
            text: 'Replied from the Page inbox',
            attachments: [],
            metadata: null,
            sentAt: T0 + 100,
          },
        },
      ]);
  });

  it('turns an echo of our own message that overtook the Send API response into its confirmation', () => {
    given([...assignedConversation(), requested('8f3a2c')])
      .when(echo('m_EchoOwn09', 'pagedesk:out:8f3a2c', '1517776481860111'))
      .then([sent('8f3a2c', 'm_EchoOwn09', T0 + 100)]);
  });

  it('never doubles our own message: matched by mid, or by messageId once already sent', () => {
    const history = [...assignedConversation(), requested('8f3a2c'), sent('8f3a2c', 'm_EchoOwn09')];
    given(history).when(echo('m_EchoOwn09', null)).thenNothing();
    given(history).when(echo('m_other', 'pagedesk:out:8f3a2c')).thenNothing();
  });

  it('records a page echo once', () => {
    const [echoed] = given([started()]).when(echo('m_E', null)).then([expect.anything()]);
    given([started(), echoed]).when(echo('m_E', null)).thenNothing();
  });

  it('confirms our message even after the end, but rejects a foreign echo then', () => {
    const history = [...assignedConversation(), requested('8f3a2c'), closed()];
    given(history)
      .when(echo('m_EchoOwn09', 'pagedesk:out:8f3a2c'))
      .then([sent('8f3a2c', 'm_EchoOwn09', T0 + 100)]);
    given(history).when(echo('m_late', null)).thenThrows('already_ended');
  });
});

describe('RecordEdit', () => {
  const edit = (mid = 'm_1', editCount = 1) =>
    command('RecordEdit', { mid, newText: 'size L?', editCount, editedAt: T0 + 20_000 });
  const edited = (mid = 'm_1', editCount = 1): ConversationEvent => ({
    type: 'CustomerMessageEdited',
    data: { mid, newText: 'size L?', editCount, editedAt: T0 + 20_000 },
  });

  it('records the new text next to the original', () => {
    given([started(), customerMessage('m_1')])
      .when(edit())
      .then([edited()]);
  });

  it('records each edit once', () => {
    given([started(), customerMessage('m_1'), edited()])
      .when(edit())
      .thenNothing();
    given([started(), customerMessage('m_1'), edited()])
      .when(edit('m_1', 2))
      .then([edited('m_1', 2)]);
  });

  it('keeps an edit that overtook its message', () => {
    given([started()])
      .when(edit('m_later'))
      .then([edited('m_later')]);
  });

  it('keeps edits of this conversation after the end, rejects others', () => {
    given([started(), customerMessage('m_1'), closed()])
      .when(edit())
      .then([edited()]);
    given([started(), closed()]).when(edit('m_unknown')).thenThrows('already_ended');
  });
});

describe('RecordReaction', () => {
  const react = (action: 'react' | 'unreact', reactedAt: number, mid = 'm_1') =>
    command('RecordReaction', {
      mid,
      action,
      reaction: action === 'react' ? 'love' : null,
      emoji: action === 'react' ? '\u2764\ufe0f' : null,
      reactedAt,
    });
  const set = (reactedAt: number, mid = 'm_1'): ConversationEvent => ({
    type: 'ReactionSet',
    data: { mid, reaction: 'love', emoji: '\u2764\ufe0f', reactedAt },
  });
  const removed = (reactedAt: number, reaction: string | null = 'love'): ConversationEvent => ({
    type: 'ReactionRemoved',
    data: { mid: 'm_1', reaction, reactedAt },
  });
  const history = [started(), customerMessage('m_1')];

  it('sets and removes a reaction', () => {
    given(history)
      .when(react('react', T0 + 10))
      .then([set(T0 + 10)]);
    given([...history, set(T0 + 10)])
      .when(react('unreact', T0 + 20))
      .then([removed(T0 + 20)]);
  });

  it('ignores a duplicate and keeps a removal that overtook its reaction', () => {
    given([...history, set(T0 + 10)])
      .when(react('react', T0 + 10))
      .thenNothing();
    given(history)
      .when(react('unreact', T0 + 20))
      .then([removed(T0 + 20, null)]);
    given([...history, removed(T0 + 20, null)])
      .when(react('react', T0 + 10))
      .thenNothing();
  });

  it('names Facebook\'s "other" reaction when none is given', () => {
    given(history)
      .when(
        command('RecordReaction', {
          mid: 'm_1',
          action: 'react',
          reaction: null,
          emoji: '🦄',
          reactedAt: T0,
        }),
      )
      .then([
        {
          type: 'ReactionSet',
          data: { mid: 'm_1', reaction: 'other', emoji: '🦄', reactedAt: T0 },
        },
      ]);
  });

  it('accepts reactions to our messages after the end, rejects unknown mids', () => {
    const ended = [...assignedConversation(), requested('o1'), sent('o1', 'm_out'), closed()];
    given(ended)
      .when(react('react', T0 + 10, 'm_out'))
      .then([set(T0 + 10, 'm_out')]);
    given(ended)
      .when(react('react', T0 + 10, 'm_nope'))
      .thenThrows('already_ended');
  });
});

describe('RecordDelivery and RecordRead', () => {
  const delivered = (watermark: number, mids: string[] | null = null): ConversationEvent => ({
    type: 'DeliveryWatermarkAdvanced',
    data: { watermark, mids },
  });
  const read = (watermark: number): ConversationEvent => ({
    type: 'ReadWatermarkAdvanced',
    data: { watermark },
  });

  it('advances the watermarks', () => {
    given([started()])
      .when(command('RecordDelivery', { watermark: T0 + 50, mids: ['m_out'] }))
      .then([delivered(T0 + 50, ['m_out'])]);
    given([started()])
      .when(command('RecordRead', { watermark: T0 + 50 }))
      .then([read(T0 + 50)]);
  });

  it('ignores a watermark lower than or equal to the current one', () => {
    const history = [started(), delivered(T0 + 50), read(T0 + 50)];
    for (const watermark of [T0 + 50, T0 + 10]) {
      given(history)
        .when(command('RecordDelivery', { watermark, mids: null }))
        .thenNothing();
      given(history).when(command('RecordRead', { watermark })).thenNothing();
    }
  });

  it('keeps receipts after the end: they are about messages already here', () => {
    given([started(), closed()])
      .when(command('RecordRead', { watermark: T0 + 5 }))
      .then([read(T0 + 5)]);
  });

  it('rejects receipts for a conversation that does not exist', () => {
    given([])
      .when(command('RecordRead', { watermark: T0 }))
      .thenThrows('conversation_not_found');
  });
});

describe('EndChatByCustomer', () => {
  const end = command('EndChatByCustomer', { endedAt: T0 + 60_000 });

  it('ends a guest chat', () => {
    given([started({ customer: GUEST, channel: 'chat_plugin' })])
      .when(end)
      .then([{ type: 'ChatEndedByCustomer', data: { endedAt: T0 + 60_000 } }]);
  });

  it('absorbs END_CHAT on an ended conversation rather than opening a new one', () => {
    given([started({ customer: GUEST }), closed()])
      .when(end)
      .thenNothing();
  });

  it('rejects END_CHAT for an unknown conversation', () => {
    given([]).when(end).thenThrows('conversation_not_found');
  });
});
