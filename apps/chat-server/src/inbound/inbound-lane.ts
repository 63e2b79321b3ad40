import type { MessengerEvent, ParsedDelivery } from '@pagedesk/messenger';

type Update = Exclude<MessengerEvent, { kind: 'unknown' }>;

const CHAT_PLUGIN = 'CUSTOMER_CHAT_PLUGIN';
/** Upgrades remembered for later steps of the same guest; Facebook keeps a plugin thread for a day, far fewer in practice. */
const REMEMBERED_UPGRADES = 100_000;

/**
 * The lanes of a delivery, for the inbound reactor: deliveries sharing a lane
 * are processed in arrival order, a delivery in several lanes is ordered
 * against each. Every identity (a PSID or guest id, a user_ref) is a lane of
 * its own, so customers run side by side. What joins identities joins lanes:
 * - GUEST_UPGRADE names the guest and its new PSID: it is in both lanes, so
 *   the PSID's first message (plugin-tagged or from the Messenger app) sees
 *   the PSID already pointing at the guest's conversation;
 * - later steps of an upgraded guest (END_CHAT, messages) also take the PSID's
 *   lane, remembered from the upgrade when it was laned (log order) and, at
 *   start, from the upgrade links already stored (learnUpgrade);
 * - a user_ref, and a plugin-tagged PSID message that may continue a user_ref's
 *   conversation (the page's one open one), read the page's visitor list, so
 *   they share the page's `<page>:chat_plugin` lane as well.
 * Lanes are derived from the body when processed, so deliveries stored by
 * older versions are laned by today's rule.
 */
export class InboundLanes {
  /** `<page>:<guest>` → the lane of the PSID it upgraded to. */
  private readonly upgraded = new Map<string, string>();

  lanesOf(delivery: ParsedDelivery): string[] {
    const lanes = new Set<string>();
    for (const update of updatesOf(delivery)) {
      const own = identityLane(update);
      const upgradedTo = upgradeTarget(update);
      if (upgradedTo) this.remember(own, upgradedTo);
      for (const lane of [own, upgradedTo, this.upgraded.get(own), visitorsLane(update)])
        if (lane) lanes.add(lane);
    }
    return lanes.size > 0 ? [...lanes] : [''];
  }

  /**
   * An upgrade already applied (its link is stored): learnt before the reactor
   * starts, so the guest's later steps take the PSID's lane also when the
   * upgrade's delivery lies before the checkpoint and is never laned again.
   */
  learnUpgrade(pageId: string, guestId: string, psid: string): void {
    this.remember(`${pageId}:${guestId}`, `${pageId}:${psid}`);
  }

  private remember(guestLane: string, psidLane: string): void {
    this.upgraded.delete(guestLane);
    this.upgraded.set(guestLane, psidLane);
    if (this.upgraded.size > REMEMBERED_UPGRADES)
      this.upgraded.delete(this.upgraded.keys().next().value!);
  }
}

/** The lane of the first identity a delivery concerns: stored with it, and the lane a quarantined update is retried in. */
export function inboundLane(delivery: ParsedDelivery): string {
  const [first] = updatesOf(delivery);
  return first ? identityLane(first) : '';
}

const updatesOf = (delivery: ParsedDelivery): Update[] =>
  delivery.events.filter((e): e is Update => e.kind !== 'unknown');

/** Keyed on the id, not the kind, as the links are: a guest's messages carry the guest id as a plain sender id. */
const identityLane = (update: Update): string =>
  update.customer.kind === 'user_ref'
    ? `${update.pageId}:ref:${update.customer.id}`
    : `${update.pageId}:${update.customer.id}`;

function upgradeTarget(update: Update): string | undefined {
  if (update.kind !== 'referral' || update.referral.type !== 'GUEST_UPGRADE') return undefined;
  return update.referral.ref ? `${update.pageId}:${update.referral.ref}` : undefined;
}

function visitorsLane(update: Update): string | undefined {
  return readsChatPluginVisitors(update) ? `${update.pageId}:chat_plugin` : undefined;
}

function readsChatPluginVisitors(update: Update): boolean {
  if (update.customer.kind === 'user_ref') return true;
  if (update.customer.kind !== 'psid') return false;
  return (
    update.kind === 'message' && (update.fromChatPlugin || update.referral?.source === CHAT_PLUGIN)
  );
}
