import type { CustomerIdentity } from '@pagedesk/conversation';
import { customerKeyOf, type CustomerChannel } from '@pagedesk/identity';
import type { AsyncSqlDb } from '@pagedesk/processing';
import { CustomersSql, type CustomerConversationRow } from './customers.sql';

export interface CustomerConversation {
  readonly conversationId: string;
  readonly channel: CustomerChannel;
  readonly startedAt: number;
  readonly endedAt: number | null;
}

/** What the desk shows about the customer of one conversation. */
export interface CustomerContext {
  readonly customerKey: string;
  readonly pageId: string;
  readonly identity: CustomerIdentity;
  readonly name: string | null;
  readonly pictureUrl: string | null;
  /** How they reach the page in this conversation. */
  readonly channel: CustomerChannel;
  readonly contacts: readonly {
    readonly kind: string;
    readonly value: string;
    readonly sharedAt: number;
    readonly conversationId: string;
  }[];
  readonly referrals: readonly {
    readonly type: string;
    readonly ref: string | null;
    readonly source: string | null;
    readonly adId: string | null;
    readonly refererUri: string | null;
    readonly at: number;
    readonly conversationId: string;
  }[];
  /** Their conversations before this one, newest first. */
  readonly previousConversations: readonly CustomerConversation[];
}

const conversationOf = (row: CustomerConversationRow): CustomerConversation => ({
  conversationId: row.conversation_id,
  channel: row.channel as CustomerChannel,
  startedAt: row.started_at,
  endedAt: row.ended_at,
});

/** The read side of the customers read model, always scoped to one tenant. */
export class Customers {
  private readonly sql: CustomersSql;

  constructor(db: AsyncSqlDb) {
    this.sql = new CustomersSql(db);
  }

  async ofConversation(
    tenantId: string,
    conversationId: string,
  ): Promise<CustomerContext | undefined> {
    const current = await this.sql.conversationOf(tenantId, conversationId);
    const customer = current && (await this.sql.customer(current.customer_key));
    if (!current || !customer) return undefined;
    const key = customer.customer_key;
    const [contacts, referrals, conversations] = await Promise.all([
      this.sql.contactsOf(key),
      this.sql.referralsOf(key),
      this.sql.conversationsOf(key),
    ]);
    return {
      customerKey: key,
      pageId: customer.page_id,
      identity: { kind: customer.identity_kind, id: customer.identity_id } as CustomerIdentity,
      name: customer.name,
      pictureUrl: customer.picture_url,
      channel: current.channel as CustomerChannel,
      contacts: contacts.map((c) => ({
        kind: c.kind,
        value: c.value,
        sharedAt: c.shared_at,
        conversationId: c.conversation_id,
      })),
      referrals: referrals.map((r) => ({
        type: r.type,
        ref: r.ref,
        source: r.source,
        adId: r.ad_id,
        refererUri: r.referer_uri,
        at: r.at,
        conversationId: r.conversation_id,
      })),
      previousConversations: conversations
        .filter((c) => c.conversation_id !== conversationId && c.started_at <= current.started_at)
        .map(conversationOf),
    };
  }

  /** Whether `other` is one of the customer of `conversationId`'s earlier conversations, in this tenant. */
  async isPreviousOf(tenantId: string, conversationId: string, other: string): Promise<boolean> {
    return (
      (await this.ofConversation(tenantId, conversationId))?.previousConversations.some(
        (c) => c.conversationId === other,
      ) ?? false
    );
  }

  /** Name and picture known for an identity from earlier conversations: a returning customer's card. */
  async profileOf(
    pageId: string,
    identity: CustomerIdentity,
  ): Promise<{ name: string | null; pictureUrl: string | null } | undefined> {
    const key = customerKeyOf(pageId, identity);
    const customer = await this.sql.customer((await this.sql.joinedInto(key)) ?? key);
    if (!customer || (customer.name === null && customer.picture_url === null)) return undefined;
    return { name: customer.name, pictureUrl: customer.picture_url };
  }
}
