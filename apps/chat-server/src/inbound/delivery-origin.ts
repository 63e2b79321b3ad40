import type { MessengerApp, PageDirectory } from '@pagedesk/integrations';
import type { ParsedDelivery } from '@pagedesk/messenger';

/**
 * Whose delivery this is. `store`: signed by the one app that owns every page
 * it names. `ignore`: signed by an app we serve but naming no page we serve
 * (a page disconnected while still subscribed); acknowledged so Facebook stops
 * resending, and nothing is kept. `refuse`: a page of another app, or pages of
 * two apps, answered 403 with nothing stored.
 */
export type DeliveryOrigin =
  | { readonly verdict: 'store'; readonly app: MessengerApp }
  | { readonly verdict: 'ignore' }
  | { readonly verdict: 'refuse'; readonly reason: string };

/** An app is its id and its secret: two admins claiming one app id with different secrets are two apps. */
const sameApp = (a: MessengerApp, b: MessengerApp) => a.id === b.id && a.secret === b.secret;

/** Every page a delivery names: each entry's id and each update's page (an echo names its sender). */
export function namedPages(delivery: ParsedDelivery): ReadonlySet<string> {
  return new Set([
    ...delivery.entries.map((e) => e.pageId),
    ...delivery.events.map((e) => e.pageId),
  ]);
}

/**
 * Decides a delivery's origin from the secret that signed it (checked before
 * parsing, see the controller) and the pages it names. Unknown pages beside
 * known ones are kept with the delivery: the processor drops their updates.
 */
export function deliveryOrigin(
  signedWith: string,
  pages: ReadonlySet<string>,
  directory: Pick<PageDirectory, 'appOf'>,
  pathAppId?: string,
): DeliveryOrigin {
  const owners: MessengerApp[] = [];
  for (const pageId of pages) {
    const app = directory.appOf(pageId);
    if (app && !owners.some((o) => sameApp(o, app))) owners.push(app);
  }
  if (owners.length > 1) return { verdict: 'refuse', reason: 'pages of more than one app' };
  const [owner] = owners;
  if (!owner) return { verdict: 'ignore' };
  if (owner.secret !== signedWith || (pathAppId !== undefined && owner.id !== pathAppId))
    return { verdict: 'refuse', reason: 'a page of another app' };
  return { verdict: 'store', app: owner };
}
