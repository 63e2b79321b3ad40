import {
  expandCannedContent,
  expandPlaceholders,
  firstNameOf,
  matchCannedResponses,
  placeholderProblem,
  shortcutQuery,
} from './canned-responses';
import type { Content } from './content';

const text = (t: string): Content => ({ kind: 'text', text: t, quickReplies: [] });

describe('canned response placeholders', () => {
  it('given known values, when expanded, then each placeholder says its value, spaces in the braces allowed', () => {
    expect(
      expandPlaceholders('Hi {{customer.first_name}}, I am {{ agent.name }} from {{page.name}}.', {
        'customer.first_name': 'Lena',
        'agent.name': 'Ada Agent',
        'page.name': 'Demo shop',
      }),
    ).toBe('Hi Lena, I am Ada Agent from Demo shop.');
  });

  it('given no customer name yet, when expanded, then the documented fallbacks read well instead of a gap or raw braces', () => {
    expect(
      expandPlaceholders(
        'Hi {{customer.first_name}} / {{customer.name}}, {{agent.name}} of {{page.name}}',
        {
          'customer.first_name': null,
          'customer.name': '  ',
        },
      ),
    ).toBe('Hi there / there, your agent of our team');
  });

  it('given a full name, when its first name is asked, then it is the first word (null for none)', () => {
    expect(firstNameOf(' Lena  Fischer ')).toBe('Lena');
    expect(firstNameOf(null)).toBeNull();
    expect(firstNameOf('   ')).toBeNull();
  });

  it('given buttons content, when expanded, then only the message text changes', () => {
    const buttons: Content = {
      kind: 'buttons',
      text: 'Hi {{customer.name}}',
      buttons: [{ type: 'postback', title: 'Track', payload: 'TRACK' }],
    };
    expect(expandCannedContent(buttons, { 'customer.name': 'Lena Fischer' })).toEqual({
      ...buttons,
      text: 'Hi Lena Fischer',
    });
  });

  it('given content to save, when checked, then unknown placeholders, placeholders outside the text and other kinds are refused', () => {
    expect(placeholderProblem(text('Hi {{customer.first_name}}'))).toBeNull();
    expect(placeholderProblem(text('Hi {{customer.nickname}}'))).toMatch(
      /unknown placeholder \{\{customer.nickname\}\}/,
    );
    expect(placeholderProblem(text('Hi {{ }}'))).toMatch(/unknown placeholder/);
    expect(
      placeholderProblem({
        kind: 'text',
        text: 'Pick one',
        quickReplies: [{ type: 'text', title: '{{agent.name}}', payload: 'A' }],
      }),
    ).toMatch(/message text only/);
    expect(
      placeholderProblem({
        kind: 'attachment',
        attachment: { type: 'image', url: 'https://x.test/a.png' },
      }),
    ).toMatch(/text or buttons/);
  });
});

describe('canned response shortcuts', () => {
  const responses = [
    { shortcut: 'goodbye', title: 'Goodbye' },
    { shortcut: 'greet', title: 'Greeting' },
    { shortcut: 'refund', title: 'Refund: greet first' },
    { shortcut: 'greeting-long', title: 'Long greeting' },
  ];

  it('given / and letters alone in the composer, when read, then that is the query; anything else is no query', () => {
    expect(shortcutQuery('/gre')).toBe('gre');
    expect(shortcutQuery('/')).toBe('');
    expect(shortcutQuery('/Greet')).toBe('greet');
    expect(shortcutQuery('hello /greet')).toBeNull();
    expect(shortcutQuery('/greet now')).toBeNull();
  });

  it('given a query, when matched, then shortcuts starting with it come first (shortest first), then those containing it in shortcut or title', () => {
    expect(matchCannedResponses(responses, 'gre').map((r) => r.shortcut)).toEqual([
      'greet',
      'greeting-long',
      'refund',
    ]);
    expect(matchCannedResponses(responses, 'g').map((r) => r.shortcut)).toEqual([
      'greet',
      'goodbye',
      'greeting-long',
      'refund',
    ]);
    expect(matchCannedResponses(responses, 'zzz')).toEqual([]);
  });
});
