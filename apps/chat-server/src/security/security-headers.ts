import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/**
 * Response headers for every route (helmet). The policy is what the web app
 * needs and no more: its own scripts only, sockets to this origin, customer
 * pictures and attachments from Facebook's CDN (any https), inline styles for
 * the API docs' page. Nothing may frame Pagedesk (clickjacking), nothing is
 * sniffed, no Referer leaves with links agents follow, no X-Powered-By.
 */
export const securityHeaders = () =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        mediaSrc: ["'self'", 'https:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });

type HeaderStep = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * A header middleware whose headers depend on nothing in the request (helmet
 * with the options above: no nonce, no function directive), run once against
 * a recorder; the step it returns sets what it set and removes what it
 * removed, without running it again. For the webhook route, where helmet was
 * 2–9 % of the thread (BENCHMARKS.md, issue 21).
 */
export function headersOnce(middleware: HeaderStep): HeaderStep {
  const set = new Map<string, number | string | readonly string[]>();
  const removed = new Set<string>();
  const recorder = {
    setHeader(name: string, value: number | string | readonly string[]) {
      set.set(name, value);
      removed.delete(name.toLowerCase());
    },
    removeHeader(name: string) {
      set.delete(name);
      removed.add(name.toLowerCase());
    },
  };
  let failure: unknown = new Error('the header middleware did not call next()');
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (error) => {
    failure = error;
  });
  if (failure) throw failure;
  const headers = [...set];
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}
