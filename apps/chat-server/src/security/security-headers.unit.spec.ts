import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { headersOnce, securityHeaders } from './security-headers';

const response = () => {
  const res = new ServerResponse(new IncomingMessage(new Socket()));
  // What Express would have put there: helmet takes it away.
  res.setHeader('X-Powered-By', 'Express');
  return res;
};

const run = (step: ReturnType<typeof headersOnce>, res: ServerResponse) =>
  new Promise<void>((resolve, reject) =>
    step({} as IncomingMessage, res, (error) => (error ? reject(error) : resolve())),
  );

describe('security headers computed once (the webhook route)', () => {
  it('gives a response exactly the headers helmet gives it', async () => {
    const byHelmet = response();
    await run(securityHeaders(), byHelmet);
    const once = response();
    await run(headersOnce(securityHeaders()), once);
    expect(once.getHeaders()).toEqual(byHelmet.getHeaders());
    expect(once.getHeader('x-powered-by')).toBeUndefined();
    expect(once.getHeader('content-security-policy')).toMatch(/frame-ancestors 'none'/);
  });

  it('runs helmet once, not once per response', async () => {
    const helmet = securityHeaders();
    let runs = 0;
    const step = headersOnce((req, res, next) => {
      runs += 1;
      helmet(req as never, res as never, next);
    });
    for (let i = 0; i < 3; i++) await run(step, response());
    expect(runs).toBe(1);
  });
});
