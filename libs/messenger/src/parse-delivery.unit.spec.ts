import { AppError } from '@pagedesk/shared';
import { InvalidWebhookDeliveryError } from './errors';
import type { MessengerEvent } from './events';
import { parseWebhookDelivery } from './parse-delivery';
import { rawWebhook, webhookFixtureNames } from './testing/fixtures';

const PAGE = '102938475610293';
const PSID = { kind: 'psid', id: '7392015648120394' } as const;
const GUEST = { kind: 'guest', id: '4455667788990011' } as const;
const T = 1785312004523;
const base = { pageId: PAGE, customer: PSID, timestamp: T, standby: false };
const message = {
  kind: 'message' as const,
  text: null,
  attachments: [],
  quickReplyPayload: null,
  replyToMid: null,
  fromChatPlugin: false,
  referral: null,
};
const attachment = { url: null, title: null, stickerId: null, coordinates: null };

const parseFixture = (name: string) =>
  parseWebhookDelivery(JSON.parse(rawWebhook(name).toString('utf8')));
/** What each fixture must become; the test below fails if a fixture is added without one. */
const expected: Record<string, MessengerEvent[]> = {
  'batched-two-pages.json': [
    { ...base, ...message, mid: 'm_Batch1aaa', text: 'first' },
    {
      ...base,
      pageId: '118273645501928',
      customer: { kind: 'psid', id: '6620193847561203' },
      timestamp: T + 10,
      ...message,
      mid: 'm_Batch2ccc',
      text: 'other page',
    },
    { ...base, timestamp: T + 40, ...message, mid: 'm_Batch1bbb', text: 'second' },
  ],
  'chat-plugin-message.json': [
    {
      ...base,
      ...message,
      mid: 'm_Plugin12',
      text: 'hello, from customer chat!',
      fromChatPlugin: true,
    },
  ],
  'delivery-no-mids.json': [
    { ...base, timestamp: 1785312009823, kind: 'delivery', watermark: 1785312009773, mids: null },
  ],
  // No timestamp on this one: the entry's time stands in.
  'delivery.json': [
    {
      ...base,
      timestamp: 1785312004873,
      kind: 'delivery',
      watermark: 1785312009723,
      mids: ['m_EchoOwn09'],
    },
  ],
  'echo-own-app.json': [
    {
      ...base,
      timestamp: 1785312009523,
      kind: 'echo',
      mid: 'm_EchoOwn09',
      appId: '1517776481860111',
      metadata: 'pagedesk:out:8f3a2c',
      text: 'Yes, size M is in stock.',
      attachments: [],
    },
  ],
  'echo-page-inbox.json': [
    {
      ...base,
      timestamp: 1785312010523,
      kind: 'echo',
      mid: 'm_EchoInbox10',
      appId: '263902037430900',
      metadata: null,
      text: 'Replied from the Page inbox on my phone',
      attachments: [],
    },
  ],
  'fallback-link.json': [
    {
      ...base,
      ...message,
      mid: 'm_Fb004',
      text: 'This is where I want to go: https://youtu.be/abc123',
      attachments: [
        {
          ...attachment,
          type: 'fallback',
          url: 'https://youtu.be/abc123',
          title: 'TAHITI - Heaven on Earth',
        },
      ],
    },
  ],
  'file-and-video.json': [
    {
      ...base,
      ...message,
      mid: 'm_Files02',
      attachments: [
        {
          ...attachment,
          type: 'file',
          url: 'https://cdn.fbsbx.com/v/t59.2708-21/invoice.pdf?dl=1',
        },
        { ...attachment, type: 'video', url: 'https://video.xx.fbcdn.net/v/t42.3356-2/clip.mp4' },
      ],
    },
  ],
  'image.json': [
    {
      ...base,
      ...message,
      mid: 'm_Img001',
      attachments: [
        {
          ...attachment,
          type: 'image',
          url: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/photo_1.jpg?_nc_cat=1&oh=abc',
        },
      ],
    },
  ],
  'location-legacy.json': [
    {
      ...base,
      ...message,
      mid: 'm_Loc005',
      attachments: [
        {
          ...attachment,
          type: 'location',
          title: "Anna's Location",
          url: 'https://www.facebook.com/l.php?u=https%3A%2F%2Fwww.bing.com%2Fmaps',
          coordinates: { lat: 52.52, long: 13.405 },
        },
      ],
    },
  ],
  'message-edit.json': [
    {
      ...base,
      timestamp: 1785312024523,
      kind: 'edit',
      mid: 'm_AbC1dEf2GhI3jK4',
      text: 'Hi, is size L still in stock?',
      editCount: 1,
    },
  ],
  'optin.json': [
    {
      ...base,
      kind: 'optin',
      optinType: 'notification_messages',
      payload: 'weekly-deals',
      notificationToken: 'nmt_778899',
      tokenExpiresAt: 1800864004523,
    },
  ],
  'postback-chat-plugin-user-ref.json': [
    {
      ...base,
      customer: { kind: 'user_ref', id: 'uref_5566778899' },
      kind: 'postback',
      mid: null,
      title: 'Get Started',
      payload: 'GET_STARTED',
      referral: {
        type: 'OPEN_THREAD',
        ref: 'landing-pricing',
        source: 'CUSTOMER_CHAT_PLUGIN',
        refererUri: null,
        adId: null,
      },
    },
  ],
  'postback-get-started.json': [
    {
      ...base,
      kind: 'postback',
      mid: 'm_Pb11',
      title: 'Get Started',
      payload: 'GET_STARTED',
      referral: {
        type: 'OPEN_THREAD',
        ref: 'summer_coupon',
        source: 'SHORTLINK',
        refererUri: null,
        adId: null,
      },
    },
  ],
  'quick-reply-email.json': [
    {
      ...base,
      ...message,
      mid: 'm_QrEmail06',
      text: 'anna.schmidt@example.com',
      quickReplyPayload: 'anna.schmidt@example.com',
    },
  ],
  'quick-reply-phone.json': [
    {
      ...base,
      ...message,
      mid: 'm_QrPhone07',
      text: '+49 151 23456789',
      quickReplyPayload: '+4915123456789',
    },
  ],
  'reaction.json': [
    {
      ...base,
      timestamp: 1785312025523,
      kind: 'reaction',
      action: 'react',
      mid: 'm_EchoOwn09',
      reaction: 'love',
      emoji: '\u2764\ufe0f',
    },
  ],
  'read.json': [{ ...base, timestamp: 1785312013523, kind: 'read', watermark: 1785312009773 }],
  'referral-existing-thread.json': [
    {
      ...base,
      kind: 'referral',
      referral: {
        type: 'OPEN_THREAD',
        ref: 'spring-sale',
        source: 'SHORTLINK',
        refererUri: null,
        adId: null,
      },
      isGuestUser: false,
    },
  ],
  'referral-guest-end-chat.json': [
    {
      ...base,
      customer: GUEST,
      timestamp: 1785312064523,
      kind: 'referral',
      referral: {
        type: 'END_CHAT',
        ref: 'checkout-help',
        source: 'CUSTOMER_CHAT_PLUGIN',
        refererUri: 'https://shop.example.com/checkout',
        adId: null,
      },
      isGuestUser: true,
    },
  ],
  'referral-guest-open.json': [
    {
      ...base,
      customer: GUEST,
      kind: 'referral',
      referral: {
        type: 'OPEN_THREAD',
        ref: 'checkout-help',
        source: 'CUSTOMER_CHAT_PLUGIN',
        refererUri: 'https://shop.example.com/checkout',
        adId: null,
      },
      isGuestUser: true,
    },
  ],
  'referral-guest-upgrade.json': [
    {
      ...base,
      customer: GUEST,
      timestamp: 1785312034523,
      kind: 'referral',
      referral: {
        type: 'GUEST_UPGRADE',
        ref: '7392015648120394',
        source: 'CUSTOMER_CHAT_PLUGIN',
        refererUri: 'https://shop.example.com/checkout',
        adId: null,
      },
      isGuestUser: true,
    },
  ],
  'reply-to.json': [
    {
      ...base,
      ...message,
      mid: 'm_Reply08',
      text: 'yes, this one',
      replyToMid: 'm_AbC1dEf2GhI3jK4',
    },
  ],
  'standby-postback.json': [
    {
      ...base,
      standby: true,
      kind: 'postback',
      mid: null,
      title: 'Talk to an agent',
      payload: null,
      referral: null,
    },
  ],
  'sticker.json': [
    {
      ...base,
      ...message,
      mid: 'm_Stk003',
      attachments: [
        {
          ...attachment,
          type: 'sticker',
          url: 'https://scontent.xx.fbcdn.net/v/t39.1997-6/like.png',
          stickerId: '369239263222822',
        },
      ],
    },
  ],
  'text-unicode.json': [
    {
      ...base,
      ...message,
      mid: 'm_Uni1c0de9Zx',
      text: 'Grüße aus Köln äöå — price in € please 😀 see https://shop.example.com/p/42?x=1&y=2 <b>',
    },
  ],
  'text.json': [
    { ...base, ...message, mid: 'm_AbC1dEf2GhI3jK4', text: 'Hi, is size M still in stock?' },
  ],
  'timestamp-seconds.json': [
    {
      ...base,
      timestamp: 1785312004000,
      ...message,
      mid: 'm_Secs13',
      text: 'ad lead',
      referral: {
        type: 'OPEN_THREAD',
        ref: 'lead',
        source: 'ADS',
        refererUri: null,
        adId: '6045246247433',
      },
    },
  ],
};

describe('parseWebhookDelivery over the shared fixtures', () => {
  it('has an expectation for every fixture', () => {
    expect(Object.keys(expected).sort()).toEqual(webhookFixtureNames());
  });

  it.each(webhookFixtureNames())('normalises %s', (name) => {
    expect(parseFixture(name).events).toEqual(expected[name]);
  });

  it('lists every page of a batch with its time', () => {
    expect(parseFixture('batched-two-pages.json').entries).toEqual([
      { pageId: PAGE, time: 1785312004873 },
      { pageId: '118273645501928', time: 1785312004873 },
    ]);
  });
});

const envelope = (messaging: unknown[], extra: Record<string, unknown> = {}) => ({
  object: 'page',
  entry: [{ id: PAGE, time: T, messaging, ...extra }],
});
const psidEvent = (body: Record<string, unknown>) => ({
  sender: { id: PSID.id },
  recipient: { id: PAGE },
  timestamp: T,
  ...body,
});

describe('parseWebhookDelivery variants', () => {
  it('accepts app_id as a string and is_guest_user as a boolean', () => {
    const [echo] = parseWebhookDelivery(
      envelope([
        {
          sender: { id: PAGE },
          recipient: { id: PSID.id },
          timestamp: T,
          message: { is_echo: true, app_id: '42', mid: 'm_e' },
        },
      ]),
    ).events;
    expect(echo).toMatchObject({ kind: 'echo', appId: '42', customer: PSID, pageId: PAGE });
    const [referral] = parseWebhookDelivery(
      envelope([
        {
          sender: { id: GUEST.id },
          recipient: { id: PAGE },
          timestamp: T,
          referral: { type: 'OPEN_THREAD', is_guest_user: true },
        },
      ]),
    ).events;
    expect(referral).toMatchObject({ kind: 'referral', customer: GUEST, isGuestUser: true });
  });

  it('reads an unreact and an audio attachment', () => {
    const { events } = parseWebhookDelivery(
      envelope([
        psidEvent({ reaction: { action: 'unreact', mid: 'm_1' } }),
        psidEvent({
          message: {
            mid: 'm_a',
            attachments: [
              { type: 'audio', payload: { url: 'https://x/a.mp4' } },
              { type: 'ig_reel', payload: {} },
            ],
          },
        }),
      ]),
    );
    expect(events[0]).toMatchObject({
      kind: 'reaction',
      action: 'unreact',
      mid: 'm_1',
      reaction: null,
      emoji: null,
    });
    expect(events[1]).toMatchObject({
      attachments: [
        { type: 'audio', url: 'https://x/a.mp4' },
        { type: 'unsupported', url: null },
      ],
    });
  });

  it('orders events by timestamp, not by position, across messaging and standby', () => {
    const { events } = parseWebhookDelivery(
      envelope([psidEvent({ timestamp: T + 2, message: { mid: 'm_late', text: 'b' } })], {
        standby: [psidEvent({ timestamp: T + 1, message: { mid: 'm_early', text: 'a' } })],
      }),
    );
    expect(events.map((event) => [event.kind === 'message' && event.mid, event.standby])).toEqual([
      ['m_early', true],
      ['m_late', false],
    ]);
  });

  it('keeps malformed or unfamiliar updates as unknown with a reason, and the rest of the batch', () => {
    const odd = [
      'not an object',
      psidEvent({ message: { text: 'no mid' } }),
      psidEvent({ delivery: {} }),
      psidEvent({ read: { watermark: 'soon' } }),
      psidEvent({ referral: { ref: 'no type' } }),
      psidEvent({ message_edit: { mid: 'm_1' } }),
      psidEvent({ reaction: { mid: 'm_1', action: 'shrug' } }),
      psidEvent({ pass_thread_control: { new_owner_app_id: '1' } }),
      { recipient: { id: PAGE }, timestamp: T, message: { mid: 'm_x' } },
    ];
    const { events } = parseWebhookDelivery(
      envelope([...odd, psidEvent({ message: { mid: 'm_ok', text: 'fine' } })]),
    );
    expect(events.filter((event) => event.kind === 'unknown')).toHaveLength(odd.length);
    expect(events.find((event) => event.kind === 'unknown' && event.raw === odd[7])).toMatchObject({
      reason: 'unsupported event kind',
      pageId: PAGE,
    });
    expect(events.some((event) => event.kind === 'message' && event.mid === 'm_ok')).toBe(true);
  });

  it('marks an update with no time anywhere as unknown', () => {
    const [event] = parseWebhookDelivery({
      object: 'page',
      entry: [{ id: PAGE, messaging: [{ sender: { id: PSID.id }, delivery: { watermark: T } }] }],
    }).events;
    expect(event).toMatchObject({
      kind: 'unknown',
      reason: 'event has no timestamp',
      timestamp: null,
    });
  });

  it.each([
    ['a non-object body', null],
    ['an Instagram delivery', { object: 'instagram', entry: [] }],
    ['a missing entry list', { object: 'page' }],
    ['an entry without page id', { object: 'page', entry: [{ messaging: [] }] }],
    ['a messaging that is not a list', { object: 'page', entry: [{ id: PAGE, messaging: {} }] }],
  ])('throws a typed invalid error for %s', (_label, body) => {
    let thrown: unknown;
    try {
      parseWebhookDelivery(body);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidWebhookDeliveryError);
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('invalid');
  });
});
