import type { AsyncSqlDb } from '@pagedesk/processing';

/** Every statement of the customers read model, and nothing else that knows its tables. */
export const CUSTOMER_TABLES = [
  { name: 'customers', key: ['customer_key'] },
  { name: 'customer_joins', key: ['from_key'] },
  { name: 'customer_conversations', key: ['conversation_id'] },
  { name: 'customer_contacts', key: ['customer_key', 'kind', 'value'] },
  { name: 'customer_referrals', key: ['conversation_id', 'position'] },
] as const;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS customers (
  customer_key  TEXT PRIMARY KEY,
  tenant_id     TEXT NOT NULL,
  page_id       TEXT NOT NULL,
  identity_kind TEXT NOT NULL,
  identity_id   TEXT NOT NULL,
  name          TEXT,
  picture_url   TEXT
);
-- A guest or user_ref that turned out to be a PSID's customer.
CREATE TABLE IF NOT EXISTS customer_joins (
  from_key TEXT PRIMARY KEY,
  into_key TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS customer_conversations (
  conversation_id TEXT PRIMARY KEY,
  customer_key    TEXT NOT NULL,
  tenant_id       TEXT NOT NULL,
  channel         TEXT NOT NULL,
  started_at      BIGINT NOT NULL,
  ended_at        BIGINT
);
CREATE INDEX IF NOT EXISTS customer_conversations_of ON customer_conversations (customer_key, started_at);
CREATE TABLE IF NOT EXISTS customer_contacts (
  customer_key    TEXT NOT NULL,
  kind            TEXT NOT NULL,
  value           TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  shared_at       BIGINT NOT NULL,
  PRIMARY KEY (customer_key, kind, value)
);
CREATE TABLE IF NOT EXISTS customer_referrals (
  conversation_id TEXT NOT NULL,
  position        BIGINT NOT NULL,
  customer_key    TEXT NOT NULL,
  type            TEXT NOT NULL,
  ref             TEXT,
  source          TEXT,
  ad_id           TEXT,
  referer_uri     TEXT,
  at              BIGINT NOT NULL,
  PRIMARY KEY (conversation_id, position)
);
CREATE INDEX IF NOT EXISTS customer_referrals_of ON customer_referrals (customer_key, at);
`;

export interface CustomerRow {
  readonly customer_key: string;
  readonly tenant_id: string;
  readonly page_id: string;
  readonly identity_kind: string;
  readonly identity_id: string;
  readonly name: string | null;
  readonly picture_url: string | null;
}

export interface CustomerConversationRow {
  readonly conversation_id: string;
  readonly customer_key: string;
  readonly tenant_id: string;
  readonly channel: string;
  readonly started_at: number;
  readonly ended_at: number | null;
}

export interface ContactRow {
  readonly kind: string;
  readonly value: string;
  readonly conversation_id: string;
  readonly shared_at: number;
}

export interface ReferralRow {
  readonly conversation_id: string;
  readonly type: string;
  readonly ref: string | null;
  readonly source: string | null;
  readonly ad_id: string | null;
  readonly referer_uri: string | null;
  readonly at: number;
}

/** Tables whose rows name a customer, moved over when two turn out to be one person. */
const OWNED = ['customer_conversations', 'customer_referrals'] as const;

export class CustomersSql {
  constructor(private readonly db: AsyncSqlDb) {}

  async createSchema(): Promise<void> {
    await this.db.exec(SCHEMA);
  }

  async dropSchema(): Promise<void> {
    for (const { name } of CUSTOMER_TABLES) await this.db.exec(`DROP TABLE IF EXISTS ${name}`);
  }

  async joinedInto(fromKey: string): Promise<string | undefined> {
    const row = await this.db.get<{ into_key: string }>(
      'SELECT into_key FROM customer_joins WHERE from_key = ?',
      [fromKey],
    );
    return row?.into_key;
  }

  async ensureCustomer(row: Omit<CustomerRow, 'name' | 'picture_url'>): Promise<void> {
    await this.db.run(
      `INSERT INTO customers (customer_key, tenant_id, page_id, identity_kind, identity_id)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (customer_key) DO NOTHING`,
      [row.customer_key, row.tenant_id, row.page_id, row.identity_kind, row.identity_id],
    );
  }

  async insertConversation(row: Omit<CustomerConversationRow, 'ended_at'>): Promise<void> {
    await this.db.run(
      `INSERT INTO customer_conversations
         (conversation_id, customer_key, tenant_id, channel, started_at) VALUES (?, ?, ?, ?, ?)`,
      [row.conversation_id, row.customer_key, row.tenant_id, row.channel, row.started_at],
    );
  }

  async conversation(conversationId: string): Promise<CustomerConversationRow | undefined> {
    return this.db.get('SELECT * FROM customer_conversations WHERE conversation_id = ?', [
      conversationId,
    ]);
  }

  async setChannel(conversationId: string, channel: string): Promise<void> {
    await this.db.run('UPDATE customer_conversations SET channel = ? WHERE conversation_id = ?', [
      channel,
      conversationId,
    ]);
  }

  async ended(conversationId: string, at: number): Promise<void> {
    await this.db.run(
      'UPDATE customer_conversations SET ended_at = ? WHERE conversation_id = ? AND ended_at IS NULL',
      [at, conversationId],
    );
  }

  /**
   * `from` is `into` from now on: its conversations, contacts and referrals
   * become `into`'s, a profile `into` lacks is taken over, and `from` goes.
   */
  async join(fromKey: string, into: Omit<CustomerRow, 'name' | 'picture_url'>): Promise<void> {
    const from = await this.customer(fromKey);
    await this.ensureCustomer(into);
    const intoKey = into.customer_key;
    if (from && fromKey !== intoKey) {
      await this.db.run(
        `UPDATE customers SET name = coalesce(name, ?), picture_url = coalesce(picture_url, ?)
         WHERE customer_key = ?`,
        [from.name, from.picture_url, intoKey],
      );
      for (const table of OWNED)
        await this.db.run(`UPDATE ${table} SET customer_key = ? WHERE customer_key = ?`, [
          intoKey,
          fromKey,
        ]);
      await this.db.run(
        `INSERT INTO customer_contacts (customer_key, kind, value, conversation_id, shared_at)
         SELECT ?, kind, value, conversation_id, shared_at FROM customer_contacts WHERE customer_key = ?
         ON CONFLICT (customer_key, kind, value) DO NOTHING`,
        [intoKey, fromKey],
      );
      await this.db.run('DELETE FROM customer_contacts WHERE customer_key = ?', [fromKey]);
      await this.db.run('DELETE FROM customers WHERE customer_key = ?', [fromKey]);
    }
    // Keys joined into `from` earlier follow it, so a lookup never goes two steps.
    await this.db.run('UPDATE customer_joins SET into_key = ? WHERE into_key = ?', [
      intoKey,
      fromKey,
    ]);
    await this.db.run(
      `INSERT INTO customer_joins (from_key, into_key) VALUES (?, ?)
       ON CONFLICT (from_key) DO UPDATE SET into_key = excluded.into_key`,
      [fromKey, intoKey],
    );
  }

  async setProfile(
    customerKey: string,
    name: string | null,
    pictureUrl: string | null,
  ): Promise<void> {
    await this.db.run('UPDATE customers SET name = ?, picture_url = ? WHERE customer_key = ?', [
      name,
      pictureUrl,
      customerKey,
    ]);
  }

  async addContact(customerKey: string, contact: ContactRow): Promise<void> {
    // The newest sharing of the same value counts: it is what the customer confirmed last.
    await this.db.run(
      `INSERT INTO customer_contacts (customer_key, kind, value, conversation_id, shared_at)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (customer_key, kind, value)
       DO UPDATE SET conversation_id = excluded.conversation_id, shared_at = excluded.shared_at
       WHERE excluded.shared_at >= customer_contacts.shared_at`,
      [customerKey, contact.kind, contact.value, contact.conversation_id, contact.shared_at],
    );
  }

  async addReferral(customerKey: string, position: number, referral: ReferralRow): Promise<void> {
    await this.db.run(
      `INSERT INTO customer_referrals (conversation_id, position, customer_key, type, ref, source,
         ad_id, referer_uri, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        referral.conversation_id,
        position,
        customerKey,
        referral.type,
        referral.ref,
        referral.source,
        referral.ad_id,
        referral.referer_uri,
        referral.at,
      ],
    );
  }

  async customer(customerKey: string): Promise<CustomerRow | undefined> {
    return this.db.get('SELECT * FROM customers WHERE customer_key = ?', [customerKey]);
  }

  async conversationOf(
    tenantId: string,
    conversationId: string,
  ): Promise<CustomerConversationRow | undefined> {
    return this.db.get(
      'SELECT * FROM customer_conversations WHERE tenant_id = ? AND conversation_id = ?',
      [tenantId, conversationId],
    );
  }

  async conversationsOf(customerKey: string): Promise<CustomerConversationRow[]> {
    return this.db.all(
      `SELECT * FROM customer_conversations WHERE customer_key = ?
       ORDER BY started_at DESC, conversation_id`,
      [customerKey],
    );
  }

  async contactsOf(customerKey: string): Promise<ContactRow[]> {
    return this.db.all(
      `SELECT kind, value, conversation_id, shared_at FROM customer_contacts
       WHERE customer_key = ? ORDER BY shared_at DESC, kind, value`,
      [customerKey],
    );
  }

  async referralsOf(customerKey: string): Promise<ReferralRow[]> {
    return this.db.all(
      `SELECT conversation_id, type, ref, source, ad_id, referer_uri, at FROM customer_referrals
       WHERE customer_key = ? ORDER BY at DESC, position DESC`,
      [customerKey],
    );
  }
}
