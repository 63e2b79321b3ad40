import type { ConversationEvent } from '@pagedesk/conversation';
import type { RecordedEvent } from '@pagedesk/event-store';
import type { JsonObject } from '@pagedesk/shared';
import { ConversationList, decodeCursor } from './conversation-list';
import type { AsyncSqlDb } from '@pagedesk/processing';
import { ConversationListProjection } from './conversation-list.projection';
import { describeOnReadModelDbs } from '@pagedesk/test-support/read-model-dbs';

describeOnReadModelDbs('conversation list queries', (readModelDb) => {
  let db: AsyncSqlDb;
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

  beforeEach(async () => {
    db = readModelDb();
    const projection = new ConversationListProjection(db);
    await projection.createSchema();
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
    await start('a', 'acme', 1_000);
    await start('b', 'acme', 3_000);
    await start('c', 'acme', 2_000);
    await start('d', 'globex', 4_000);
    await apply(projection, 'c', {
      type: 'ContactInfoShared',
      data: { kind: 'phone', value: '+4915112345678', mid: null, sharedAt: 2_500 },
    });
    list = new ConversationList(db);
  });

  it('pages newest first with an opaque cursor, within one tenant', async () => {
    const first = await list.page({ tenantId: 'acme', limit: 2 });
    expect(first.items.map((c) => c.conversationId)).toEqual(['b', 'c']);
    expect(first.nextCursor).not.toBeNull();
    const second = await list.page({
      tenantId: 'acme',
      limit: 2,
      after: decodeCursor(first.nextCursor!),
    });
    expect(second.items.map((c) => c.conversationId)).toEqual(['a']);
    expect(second.nextCursor).toBeNull();
  });

  it('filters by time range and by contact, and treats LIKE wildcards literally', async () => {
    expect(
      (await list.page({ tenantId: 'acme', limit: 10, from: 1_500, to: 3_000 })).items.map(
        (c) => c.conversationId,
      ),
    ).toEqual(['b', 'c']);
    expect(
      (await list.page({ tenantId: 'acme', limit: 10, customer: '12345' })).items.map(
        (c) => c.conversationId,
      ),
    ).toEqual(['c']);
    expect((await list.page({ tenantId: 'acme', limit: 10, customer: '%' })).items).toEqual([]);
    expect(await list.get('acme', 'd')).toBeUndefined();
    expect(await list.get('globex', 'd')).toMatchObject({ conversationId: 'd', status: 'queued' });
  });

  it('refuses a cursor it did not issue', async () => {
    expect(decodeCursor('not a cursor')).toBeUndefined();
  });
});
