import { parseGraphProfile, toDisplayName } from './profile';
import { graphJson } from './testing/fixtures';

const PSID = { kind: 'psid', id: '7392015648120394' } as const;
const GUEST = { kind: 'guest', id: '4455667788990011' } as const;

describe('parseGraphProfile', () => {
  it('reads the User Profile API response', () => {
    expect(parseGraphProfile(graphJson('profile.json'))).toEqual({
      id: '7392015648120394',
      firstName: 'Anna',
      lastName: 'Schmidt',
      pictureUrl:
        'https://platform-lookaside.fbsbx.com/platform/profilepic/?psid=7392015648120394&height=1024&ext=1',
    });
  });

  it('returns undefined for a Graph error or a nameless body', () => {
    expect(parseGraphProfile(graphJson('error-no-matching-user.json'))).toBeUndefined();
    expect(parseGraphProfile({ id: '1', first_name: '  ' })).toBeUndefined();
    expect(parseGraphProfile('nope')).toBeUndefined();
  });
});

describe('toDisplayName', () => {
  it('shows the profile name', () => {
    expect(toDisplayName(parseGraphProfile(graphJson('profile.json')), PSID)).toBe('Anna Schmidt');
    expect(
      toDisplayName({ id: null, firstName: 'Anna', lastName: null, pictureUrl: null }, PSID),
    ).toBe('Anna');
  });

  it('shows a guest without profile as Guest and the last four digits', () => {
    expect(toDisplayName(undefined, GUEST)).toBe('Guest 0011');
  });

  it('keeps unknown customers apart by their id', () => {
    expect(toDisplayName(undefined, PSID)).toBe('Customer 0394');
    expect(toDisplayName(undefined, { kind: 'user_ref', id: 'uref_5566778899' })).toBe(
      'Customer 8899',
    );
  });
});
