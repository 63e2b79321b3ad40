import type { ChatPush, CustomerContextView } from '@pagedesk/contracts';

type Contact = CustomerContextView['contacts'][number];
type Referral = CustomerContextView['referrals'][number];

const CHANNELS: Record<CustomerContextView['channel'], string> = {
  messenger: 'Messenger',
  chat_plugin_guest: 'Chat Plugin (guest)',
  chat_plugin_upgraded: 'Chat Plugin (logged in with Facebook)',
};

export const channelLabel = (channel: CustomerContextView['channel']): string => CHANNELS[channel];

/** "m.me link · ref spring-sale", "Ad 6045 · ref summer", "Chat Plugin · ref pricing-page". */
export function referralLabel(referral: Omit<Referral, 'conversationId'>): string {
  const source =
    referral.source === 'SHORTLINK'
      ? 'm.me link'
      : referral.source === 'ADS' || referral.adId
        ? `Ad${referral.adId ? ` ${referral.adId}` : ''}`
        : referral.source === 'CUSTOMER_CHAT_PLUGIN'
          ? 'Chat Plugin'
          : (referral.source ?? referral.type);
  return referral.ref ? `${source} · ref ${referral.ref}` : source;
}

/**
 * The context the server answered, with what this chat's pushes told since
 * (a contact shared, a referral, a name or picture, a guest who logged in): the panel follows the
 * chat live without asking again. A fact already in the answer is not added twice.
 */
export function withPushes(
  context: CustomerContextView,
  pushes: readonly ChatPush[],
): CustomerContextView {
  let { customer, channel, contacts, referrals } = context;
  for (const push of pushes) {
    if (push.name !== 'chat:customer_updated') continue;
    const p = push.payload;
    if (p.name !== undefined) customer = { ...customer, name: p.name };
    if (p.pictureUrl !== undefined) customer = { ...customer, pictureUrl: p.pictureUrl };
    if (p.customer) customer = { ...customer, kind: p.customer.kind, id: p.customer.id };
    if (p.channel) channel = p.channel;
    const contact = p.contact;
    if (contact && !contacts.some((c) => c.kind === contact.kind && c.value === contact.value)) {
      const shared: Contact = { ...contact, conversationId: context.conversationId };
      contacts = [shared, ...contacts];
    }
    const referral = p.referral;
    if (referral && !referrals.some((r) => r.at === referral.at && r.type === referral.type)) {
      referrals = [{ ...referral, conversationId: context.conversationId }, ...referrals];
    }
  }
  return { ...context, customer, channel, contacts, referrals };
}
