import type { CustomerIdentity } from '@pagedesk/conversation';
import { customerKeyOf, type CustomerChannel } from '@pagedesk/identity';
import type { SqlDb } from '@pagedesk/processing';
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

  constructor(db: SqlDb) {
    this.sql = new CustomersSql(db);
    // The routing feed asks for returning customers' names while it loads, which can be before the
    // projection (maybe in the other thread) has created its tables: a DATA_DIR of an older release has none.
    this.sql.createSchema();
  }

  ofConversation(tenantId: string, conversationId: string): CustomerContext | undefined {
    const current = this.sql.conversationOf(tenantId, conversationId);
    const customer = current && this.sql.customer(current.customer_key);
    if (!current || !customer) return undefined;
    const key = customer.customer_key;
    return {
      customerKey: key,
      pageId: customer.page_id,
      identity: { kind: customer.identity_kind, id: customer.identity_id } as CustomerIdentity,
      name: customer.name,
      pictureUrl: customer.picture_url,
      channel: current.channel as CustomerChannel,
      contacts: this.sql.contactsOf(key).map((c) => ({
        kind: c.kind,
        value: c.value,
        sharedAt: c.shared_at,
        conversationId: c.conversation_id,
      })),
      referrals: this.sql.referralsOf(key).map((r) => ({
        type: r.type,
        ref: r.ref,
        source: r.source,
        adId: r.ad_id,
        refererUri: r.referer_uri,
        at: r.at,
        conversationId: r.conversation_id,
      })),
      previousConversations: this.sql
        .conversationsOf(key)
        .filter((c) => c.conversation_id !== conversationId && c.started_at <= current.started_at)
        .map(conversationOf),
    };
  }

  /** Whether `other` is one of the customer of `conversationId`'s earlier conversations, in this tenant. */
  isPreviousOf(tenantId: string, conversationId: string, other: string): boolean {
    return (
      this.ofConversation(tenantId, conversationId)?.previousConversations.some(
        (c) => c.conversationId === other,
      ) ?? false
    );
  }

  /** Name and picture known for an identity from earlier conversations: a returning customer's card. */
  profileOf(
    pageId: string,
    identity: CustomerIdentity,
  ): { name: string | null; pictureUrl: string | null } | undefined {
    const key = customerKeyOf(pageId, identity);
    const customer = this.sql.customer(this.sql.joinedInto(key) ?? key);
    if (!customer || (customer.name === null && customer.picture_url === null)) return undefined;
    return { name: customer.name, pictureUrl: customer.picture_url };
  }
}
