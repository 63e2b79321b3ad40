/** A round avatar with initials, coloured by the customer id, so simulated customers are told apart at a glance. */
export function avatarSvg(initials: string, id: string): string {
  const hue = [...id].reduce((sum, ch) => sum + ch.charCodeAt(0) * 7, 0) % 360;
  const text = initials.replace(/[^\p{L}]/gu, '').slice(0, 2);
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">',
    `<circle cx="48" cy="48" r="48" fill="hsl(${hue} 55% 48%)"/>`,
    '<text x="48" y="60" font-family="sans-serif" font-size="36" fill="#fff" text-anchor="middle">',
    text,
    '</text></svg>',
  ].join('');
}
