import { passwordProblem } from './password-policy';

describe('passwordProblem', () => {
  it.each([
    ['short', /at least 12/],
    ['a'.repeat(129), /at most 128/],
    ['aaaaaabbbbbb', /repeat/],
  ])('refuses %s', (password, reason) => {
    expect(passwordProblem(password)).toMatch(reason);
  });

  it('accepts a long passphrase, counting characters not bytes', () => {
    expect(passwordProblem('correct horse battery')).toBeNull();
    expect(passwordProblem('été à la mer')).toBeNull();
  });
});
