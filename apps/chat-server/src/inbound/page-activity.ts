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
 * after a crash. Written per batch: record() adds up in memory and flush()
 * writes one row per page, before the reactor's checkpoint passes the
 * deliveries (the other thread reads the rows up to one batch late).
 */
export class PageActivity {
  private readonly unsaved = new Map<string, { at: string; deliveries: number }>();
  private readonly save: () => void;
  private readonly upsert: Database.Statement<[string, string, number]>;
  private readonly one: Database.Statement<[string], PageActivityRow>;

  constructor(db: Database.Database) {
    db.exec(
      'CREATE TABLE IF NOT EXISTS page_activity (page_id TEXT PRIMARY KEY, last_webhook_at TEXT NOT NULL, deliveries INTEGER NOT NULL)',
    );
    this.upsert = db.prepare(
      `INSERT INTO page_activity (page_id, last_webhook_at, deliveries) VALUES (?, ?, ?)
       ON CONFLICT (page_id) DO UPDATE SET last_webhook_at = max(last_webhook_at, excluded.last_webhook_at), deliveries = deliveries + excluded.deliveries`,
    );
    this.one = db.prepare(
      'SELECT page_id AS pageId, last_webhook_at AS lastWebhookAt, deliveries FROM page_activity WHERE page_id = ?',
    );
    this.save = db.transaction(() => {
      for (const [pageId, { at, deliveries }] of this.unsaved)
        this.upsert.run(pageId, at, deliveries);
    });
  }

  record(pageIds: Iterable<string>, at: string): void {
    for (const pageId of new Set(pageIds)) {
      const earlier = this.unsaved.get(pageId);
      this.unsaved.set(pageId, {
        at: earlier && earlier.at > at ? earlier.at : at,
        deliveries: (earlier?.deliveries ?? 0) + 1,
      });
    }
  }

  /** Writes what was recorded since the last flush: one row per page, one transaction. */
  flush(): void {
    if (this.unsaved.size === 0) return;
    this.save();
    this.unsaved.clear();
  }

  get(pageId: string): PageActivityRow | undefined {
    this.flush();
    return this.one.get(pageId);
  }
}
