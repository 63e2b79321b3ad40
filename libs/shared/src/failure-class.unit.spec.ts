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
    ...[
      ['08006', 'connection failure'],
      ['08001', 'cannot connect now'],
      ['57P01', 'admin shutdown'],
      ['57P02', 'crash shutdown'],
      ['57P03', 'cannot connect now (starting up)'],
      ['40001', 'serialization failure'],
      ['40P01', 'deadlock detected'],
      ['53300', 'too many connections'],
      ['53100', 'disk full'],
      ['57014', 'statement timeout'],
      ['55P03', 'lock timeout'],
    ].map(([code, label]): [string, Error] => [
      `PostgreSQL ${code} (${label})`,
      postgresError(code!),
    ]),
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
    ...[
      ['23505', 'unique violation'],
      ['23502', 'not-null violation'],
      ['42601', 'syntax error'],
      ['42P01', 'undefined table'],
      ['22P02', 'invalid text representation'],
      ['08P01', 'protocol violation (a wrong parameter count)'],
    ].map(([code, label]): [string, Error] => [
      `PostgreSQL ${code} (${label})`,
      postgresError(code!),
    ]),
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

/** What pg's DatabaseError carries: the server's SQLSTATE in `code`. */
function postgresError(code: string): Error {
  return Object.assign(new Error(`server said ${code}`), { code, severity: 'ERROR' });
}
