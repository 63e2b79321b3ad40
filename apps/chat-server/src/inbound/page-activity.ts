import type Database from 'better-sqlite3';

export interface PageActivityRow {
  readonly pageId: string;
  readonly lastWebhookAt: string;
  readonly deliveries: number;
}

/**
 * When each page last had a webhook: Facebook unsubscribes a page after an
 * hour of failed deliveries and never says so, so a silent page is the only
 * sign. Kept by the inbound reactor as it applies each delivery: the time is
 * exact (the latest wins), the count may include a delivery re-processed
 * after a crash.
 */
export class PageActivity {
  private readonly upsert: Database.Statement<[string, string]>;
  private readonly one: Database.Statement<[string], PageActivityRow>;

  constructor(db: Database.Database) {
    db.exec(
      'CREATE TABLE IF NOT EXISTS page_activity (page_id TEXT PRIMARY KEY, last_webhook_at TEXT NOT NULL, deliveries INTEGER NOT NULL)',
    );
    this.upsert = db.prepare(
      `INSERT INTO page_activity (page_id, last_webhook_at, deliveries) VALUES (?, ?, 1)
       ON CONFLICT (page_id) DO UPDATE SET last_webhook_at = max(last_webhook_at, excluded.last_webhook_at), deliveries = deliveries + 1`,
    );
    this.one = db.prepare(
      'SELECT page_id AS pageId, last_webhook_at AS lastWebhookAt, deliveries FROM page_activity WHERE page_id = ?',
    );
  }

  record(pageIds: Iterable<string>, at: string): void {
    for (const pageId of new Set(pageIds)) this.upsert.run(pageId, at);
  }

  get(pageId: string): PageActivityRow | undefined {
    return this.one.get(pageId);
  }
}
