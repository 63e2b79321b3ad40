import { classifySendFailure, type SendError } from './send-failure';

const error = (code: number | null, subcode: number | null = null, status: number | null = 400) =>
  ({ status, code, subcode, message: 'from Facebook' }) satisfies SendError;

describe('classifySendFailure', () => {
  it.each([
    ['network error', error(null, null, null)],
    ['HTTP 5xx without a code', error(null, null, 503)],
    ['1200 temporary', error(1200)],
    ['1 unknown', error(1)],
    ['2 service', error(2)],
  ])('retries %s without throttling', (_label, e) => {
    expect(classifySendFailure(e)).toMatchObject({ permanent: false, throttled: false });
  });

  it.each([4, 17, 32, 613, 80006])('retries throttling code %i and slows the page', (code) => {
    expect(classifySendFailure(error(code))).toMatchObject({ permanent: false, throttled: true });
  });

  it.each([
    [error(100, 2018001), 'recipient_unavailable', 'cannot be reached'],
    [error(551, 1545041), 'recipient_unavailable', 'cannot be reached'],
    [error(190, 460), 'token_invalid', 'access token'],
    [error(190), 'token_invalid', 'access token'],
    [error(10, 2018278), null, 'allowed window'],
    [error(100, 2018109), null, 'too large'],
    [error(368), null, 'policy'],
    [error(100, 33), null, 'from Facebook'],
  ])('never retries %j', (e, effect, reason) => {
    const failure = classifySendFailure(e);
    expect(failure).toMatchObject({ permanent: true, effect });
    expect(failure.reason).toContain(reason);
  });
});
