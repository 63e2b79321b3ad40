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
