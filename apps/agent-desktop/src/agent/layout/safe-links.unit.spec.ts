import { linkParts, safeHref } from './safe-links';

describe('links in message text', () => {
  it('turns http and https addresses into links, leaving the sentence around them as text', () => {
    expect(linkParts('See https://shop.example.com/boots?size=42. Or http://a.example!')).toEqual([
      { text: 'See ', href: null },
      {
        text: 'https://shop.example.com/boots?size=42',
        href: 'https://shop.example.com/boots?size=42',
      },
      { text: '. Or ', href: null },
      { text: 'http://a.example', href: 'http://a.example/' },
      { text: '!', href: null },
    ]);
  });

  it('never makes a link of another scheme', () => {
    const text = 'javascript:alert(1) data:text/html,<b>x</b> ftp://files.example/x';
    expect(linkParts(text)).toEqual([{ text, href: null }]);
    expect(
      ['javascript:alert(1)', 'data:text/html,x', 'ftp://x.example', 'not a url', null].map(
        safeHref,
      ),
    ).toEqual([null, null, null, null, null]);
  });

  it('gives the text back unchanged when joined', () => {
    const text = '(https://a.example/x) and https://b.example/y, done';
    expect(
      linkParts(text)
        .map((p) => p.text)
        .join(''),
    ).toBe(text);
  });
});
