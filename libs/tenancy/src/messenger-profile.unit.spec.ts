import { MessengerProfileError, parseMessengerProfile, toGraphProfile } from './messenger-profile';

const postback = (title = 'Agent') => ({ type: 'postback', title, payload: title.toUpperCase() });
const withMenu = (items: unknown[], extra: object = {}) => ({
  getStarted: { payload: 'GET_STARTED' },
  persistentMenu: [{ locale: 'default', items, ...extra }],
});

describe('parseMessengerProfile', () => {
  it('accepts three levels of menu with 3 top-level and 5 nested items', () => {
    const nested = {
      type: 'nested',
      title: 'L2',
      items: [{ type: 'nested', title: 'L3', items: Array(5).fill(postback()) }],
    };
    expect(() =>
      parseMessengerProfile(
        withMenu([postback(), nested, { type: 'web_url', title: 'Web', url: 'https://a.example' }]),
      ),
    ).not.toThrow();
  });

  it.each<[unknown, string]>([
    [
      withMenu([
        {
          type: 'nested',
          title: 'L1',
          items: [
            {
              type: 'nested',
              title: 'L2',
              items: [{ type: 'nested', title: 'L3', items: [postback()] }],
            },
          ],
        },
      ]),
      'persistentMenu[0].items[0].items[0].items[0] nests deeper than 3 levels',
    ],
    [
      withMenu([{ type: 'postback', title: 'A', payload: 'x'.repeat(1001) }]),
      'persistentMenu[0].items[0].payload must be at most 1000',
    ],
    [
      withMenu([{ type: 'postback', title: 'A', url: 'https://x.example', payload: 'P' }]),
      'persistentMenu[0].items[0].url is not allowed for a postback item',
    ],
    [
      withMenu([{ type: 'web_url', title: 'A' }]),
      'persistentMenu[0].items[0].url must be a non-empty string',
    ],
    [
      withMenu([postback()], { composerInputDisabled: 'yes' }),
      'persistentMenu[0].composerInputDisabled must be a boolean',
    ],
    [
      {
        getStarted: { payload: 'G' },
        persistentMenu: [
          { locale: 'default', items: [postback()] },
          { locale: 'default', items: [postback()] },
        ],
      },
      'lists locale default twice',
    ],
    [
      {
        getStarted: { payload: 'G' },
        persistentMenu: [{ locale: 'english', items: [postback()] }],
      },
      'persistentMenu[0].locale',
    ],
    [{ getStarted: { payload: '' } }, 'getStarted.payload must be a non-empty string'],
    [
      { iceBreakers: [{ question: 'x'.repeat(81), payload: 'P' }] },
      'iceBreakers[0].question must be at most 80',
    ],
    ['menu', 'profile must be an object'],
  ])('refuses %j: %s', (input, message) => {
    expect(() => parseMessengerProfile(input)).toThrow(new MessengerProfileError(message).message);
  });
});

describe('toGraphProfile', () => {
  it('speaks the Graph API shape', () => {
    const profile = parseMessengerProfile({
      greeting: [{ locale: 'default', text: 'Hi' }],
      ...withMenu(
        [{ type: 'web_url', title: 'Web', url: 'https://a.example', webviewHeightRatio: 'tall' }],
        { composerInputDisabled: true },
      ),
    });
    expect(toGraphProfile(profile)).toEqual({
      get_started: { payload: 'GET_STARTED' },
      greeting: [{ locale: 'default', text: 'Hi' }],
      persistent_menu: [
        {
          locale: 'default',
          composer_input_disabled: true,
          call_to_actions: [
            {
              type: 'web_url',
              title: 'Web',
              url: 'https://a.example',
              webview_height_ratio: 'tall',
            },
          ],
        },
      ],
    });
  });
});
