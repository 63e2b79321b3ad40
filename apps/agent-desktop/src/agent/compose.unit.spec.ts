import type { Content } from '@pagedesk/contracts';
import { contentOf, draftOf, emptyDraft, parseButton, parseQuickReplies } from './compose';

describe('the composer syntax', () => {
  it('turns one line per card into a carousel with postback, link and call buttons', () => {
    expect(
      contentOf({
        ...emptyDraft,
        kind: 'carousel',
        cards:
          'Trail boots | Waterproof | | Buy boots; Details -> https://shop.example.com/b\nSocks',
      }),
    ).toEqual({
      kind: 'carousel',
      quickReplies: [],
      elements: [
        {
          title: 'Trail boots',
          subtitle: 'Waterproof',
          imageUrl: null,
          buttons: [
            { type: 'postback', title: 'Buy boots', payload: 'BUY_BOOTS' },
            { type: 'web_url', title: 'Details', url: 'https://shop.example.com/b' },
          ],
        },
        { title: 'Socks', subtitle: null, imageUrl: null, buttons: [] },
      ],
    });
    expect(parseButton('Call us -> +15551234567')).toEqual({
      type: 'phone_number',
      title: 'Call us',
      payload: '+15551234567',
    });
    expect(parseButton('Yes = CONFIRM')).toEqual({
      type: 'postback',
      title: 'Yes',
      payload: 'CONFIRM',
    });
  });

  it('makes Email and Phone quick replies ask for the contact details', () => {
    expect(parseQuickReplies('Yes, Email, phone')).toEqual([
      { type: 'text', title: 'Yes', payload: 'YES' },
      { type: 'user_email' },
      { type: 'user_phone_number' },
    ]);
  });

  it('has nothing to send for an empty draft', () => {
    expect(contentOf({ ...emptyDraft, text: '   ' })).toBeUndefined();
    expect(contentOf({ ...emptyDraft, kind: 'buttons', text: 'Pick one' })).toBeUndefined();
  });

  it('given a canned response, when it fills the composer, then the draft sends the same content (payloads kept)', () => {
    const buttons: Content = {
      kind: 'buttons',
      text: 'Hi Lena, how can we help?',
      buttons: [
        { type: 'postback', title: 'Track my order', payload: 'TRACK_MY_ORDER' },
        { type: 'postback', title: 'Refund', payload: 'REFUND_FLOW' },
        { type: 'web_url', title: 'Shop', url: 'https://shop.example.com' },
        { type: 'phone_number', title: 'Call us', payload: '+15551234567' },
      ],
      quickReplies: [
        { type: 'text', title: 'Yes', payload: 'YES' },
        { type: 'text', title: 'Later', payload: 'ASK_LATER' },
        { type: 'user_email' },
      ],
    };
    expect(draftOf(buttons)).toMatchObject({
      kind: 'buttons',
      quickReplies: 'Yes, Later = ASK_LATER, Email',
    });
    expect(contentOf(draftOf(buttons))).toEqual(buttons);
    const text: Content = { kind: 'text', text: 'Hello', quickReplies: [] };
    expect(contentOf(draftOf(text))).toEqual(text);
  });
});
