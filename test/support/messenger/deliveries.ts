/** Facebook-shaped webhook bodies for tests that need many distinct updates. */
type Messaging = Record<string, unknown>;

export const delivery = (pageId: string, ...messaging: Messaging[]) =>
  JSON.stringify({ object: 'page', entry: [{ id: pageId, time: Date.now(), messaging }] });

const from = (pageId: string, psid: string, timestamp: number) => ({
  sender: { id: psid },
  recipient: { id: pageId },
  timestamp,
});

export const text = (
  pageId: string,
  psid: string,
  mid: string,
  body: string,
  timestamp: number,
): Messaging => ({
  ...from(pageId, psid, timestamp),
  message: { mid, text: body },
});

export const quickReply = (
  pageId: string,
  psid: string,
  mid: string,
  payload: string,
  timestamp: number,
): Messaging => ({
  ...from(pageId, psid, timestamp),
  message: { mid, text: payload, quick_reply: { payload } },
});

export const image = (
  pageId: string,
  psid: string,
  mid: string,
  url: string,
  timestamp: number,
): Messaging => ({
  ...from(pageId, psid, timestamp),
  message: { mid, attachments: [{ type: 'image', payload: { url } }] },
});

export const postback = (
  pageId: string,
  psid: string,
  mid: string,
  payload: string,
  timestamp: number,
): Messaging => ({
  ...from(pageId, psid, timestamp),
  postback: { mid, title: payload.toLowerCase(), payload },
});

export const edit = (
  pageId: string,
  psid: string,
  mid: string,
  body: string,
  timestamp: number,
): Messaging => ({
  ...from(pageId, psid, timestamp),
  message_edit: { mid, text: body, num_edit: 1 },
});

export const reaction = (
  pageId: string,
  psid: string,
  mid: string,
  emoji: string,
  timestamp: number,
): Messaging => ({
  ...from(pageId, psid, timestamp),
  reaction: { mid, action: 'react', reaction: 'love', emoji },
});

export const read = (
  pageId: string,
  psid: string,
  watermark: number,
  timestamp: number,
): Messaging => ({
  ...from(pageId, psid, timestamp),
  read: { watermark },
});

export const pageEcho = (
  pageId: string,
  psid: string,
  mid: string,
  body: string,
  timestamp: number,
): Messaging => ({
  sender: { id: pageId },
  recipient: { id: psid },
  timestamp,
  message: { is_echo: true, app_id: 263902037430900, mid, text: body },
});
