import Database from 'better-sqlite3';
import type { ConversationEvent } from '@pagedesk/conversation';
import type { RecordedEvent } from '@pagedesk/event-store';
import { SqliteSqlDb } from '@pagedesk/processing';
import type { JsonObject } from '@pagedesk/shared';
import { ConversationList, decodeCursor } from './conversation-list';
import { ConversationListProjection } from './conversation-list.projection';

describe('conversation list queries', () => {
  let db: SqliteSqlDb;
  let list: ConversationList;
  let position = 0;

  const apply = (
    projection: ConversationListProjection,
    id: string,
    event: Omit<ConversationEvent, 'metadata'>,
  ) =>
    projection.apply({
      id: `e${++position}`,
      type: event.type,
      data: event.data as unknown as JsonObject,
      metadata: {
        correlationId: 'c',
        causationId: 'c',
        actor: 'test',
        recordedAt: '2026-01-01T00:00:00Z',
      },
      streamName: `conversation-${id}`,
      revision: 0,
      globalPosition: position,
    } satisfies RecordedEvent);

  beforeEach(() => {
    db = new SqliteSqlDb(new Database(':memory:'));
    const projection = new ConversationListProjection(db);
    projection.createSchema();
    const start = (id: string, tenantId: string, startedAt: number) =>
      apply(projection, id, {
        type: 'ConversationStarted',
        data: {
          conversationId: id,
          tenantId,
          pageId: 'p1',
          customer: { kind: 'psid', id: `psid-${id}` },
          channel: 'messenger',
          referral: null,
          startedAt,
        },
      });
    start('a', 'acme', 1_000);
    start('b', 'acme', 3_000);
    start('c', 'acme', 2_000);
    start('d', 'globex', 4_000);
    apply(projection, 'c', {
      type: 'ContactInfoShared',
      data: { kind: 'phone', value: '+4915112345678', mid: null, sharedAt: 2_500 },
    });
    list = new ConversationList(db);
  });

  it('pages newest first with an opaque cursor, within one tenant', () => {
    const first = list.page({ tenantId: 'acme', limit: 2 });
    expect(first.items.map((c) => c.conversationId)).toEqual(['b', 'c']);
    expect(first.nextCursor).not.toBeNull();
    const second = list.page({
      tenantId: 'acme',
      limit: 2,
      after: decodeCursor(first.nextCursor!),
    });
    expect(second.items.map((c) => c.conversationId)).toEqual(['a']);
    expect(second.nextCursor).toBeNull();
  });

  it('filters by time range and by contact, and treats LIKE wildcards literally', () => {
    expect(
      list
        .page({ tenantId: 'acme', limit: 10, from: 1_500, to: 3_000 })
        .items.map((c) => c.conversationId),
    ).toEqual(['b', 'c']);
    expect(
      list
        .page({ tenantId: 'acme', limit: 10, customer: '12345' })
        .items.map((c) => c.conversationId),
    ).toEqual(['c']);
    expect(list.page({ tenantId: 'acme', limit: 10, customer: '%' }).items).toEqual([]);
    expect(list.get('acme', 'd')).toBeUndefined();
    expect(list.get('globex', 'd')).toMatchObject({ conversationId: 'd', status: 'queued' });
  });

  it('refuses a cursor it did not issue', () => {
    expect(decodeCursor('not a cursor')).toBeUndefined();
  });
});
