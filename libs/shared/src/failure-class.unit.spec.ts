import { AppError } from './errors';
import { failureClass, failureReason } from './failure-class';

describe('failureClass', () => {
  it.each([
    ['the store unavailable', new AppError('unavailable', 'closed')],
    ['throttling', new AppError('rate_limited', 'slow down')],
    ['no capacity', new AppError('capacity', 'full')],
    [
      'a lost race that says so',
      Object.assign(new AppError('conflict', 'race'), { transient: true }),
    ],
    ['SQLite busy, unwrapped', Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' })],
    ['a refused connection', Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })],
    ['a timeout', Object.assign(new Error('late'), { name: 'TimeoutError' })],
  ])('%s is transient', (_label, error) => {
    expect(failureClass(error)).toBe('transient');
  });

  it.each([
    ['invalid input', new AppError('invalid', 'bad stream name')],
    [
      'a domain conflict',
      new AppError('conflict', 'already started', { reason: 'already_started' }),
    ],
    ['a programming error', new TypeError('x is undefined')],
    ['a thrown string', 'boom'],
  ])('%s is permanent', (_label, error) => {
    expect(failureClass(error)).toBe('permanent');
  });

  it('names the domain reason first, then the code', () => {
    expect(failureReason(new AppError('conflict', 'x', { reason: 'already_ended' }))).toBe(
      'already_ended',
    );
    expect(failureReason(new AppError('invalid', 'x'))).toBe('invalid');
    expect(failureReason(new TypeError('x'))).toBe('internal');
  });
});
