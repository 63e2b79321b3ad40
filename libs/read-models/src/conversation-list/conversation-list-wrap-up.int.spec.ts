import type { ConversationEvent } from '@pagedesk/conversation';
import type { RecordedEvent } from '@pagedesk/event-store';
import type { JsonObject } from '@pagedesk/shared';
import { ConversationList } from './conversation-list';
import { ConversationListProjection } from './conversation-list.projection';
import { describeOnReadModelDbs } from '@pagedesk/test-support/read-model-dbs';

describeOnReadModelDbs('conversation list: wrap-up tags', (readModelDb) => {
  let list: ConversationList;

  beforeEach(async () => {
    const db = readModelDb();
    const projection = new ConversationListProjection(db);
    await projection.createSchema();
    let position = 0;
    const apply = (id: string, event: Omit<ConversationEvent, 'metadata'>) =>
      projection.apply({
        id: `e${++position}`,
        type: event.type,
        data: event.data as unknown as JsonObject,
        metadata: { correlationId: 'c', causationId: 'c', actor: 'ada', recordedAt: 'x' },
        streamName: `conversation-${id}`,
        revision: 0,
        globalPosition: position,
      } satisfies RecordedEvent);
    for (const [id, tenantId, tags] of [
      ['a', 'acme', ['refund', 'resolved']],
      ['b', 'acme', ['resolved']],
      ['c', 'acme', []],
      ['d', 'globex', ['refund']],
    ] as const) {
      await apply(id, {
        type: 'ConversationStarted',
        data: {
          conversationId: id,
          tenantId,
          pageId: 'p1',
          customer: { kind: 'psid', id: `psid-${id}` },
          channel: 'messenger',
          referral: null,
          startedAt: position * 1_000,
        },
      });
      if (tags.length > 0) {
        await apply(id, {
          type: 'ConversationWrappedUp',
          data: {
            agentId: 'ada',
            tags: tags.map((tagId) => ({ tagId, label: tagId.toUpperCase() })),
            wrappedUpAt: 9_000,
          },
        });
      }
      await apply(id, {
        type: 'ConversationClosedByAgent',
        data: { agentId: 'ada', closedAt: 9_000 },
      });
    }
    list = new ConversationList(db);
  });

  const ids = async (wrapUpTag?: string) =>
    (await list.page({ tenantId: 'acme', wrapUpTag, limit: 10 })).items.map(
      (c) => c.conversationId,
    );

  it('shows each conversation’s tags in the order chosen and filters by one, within the tenant', async () => {
    expect((await list.get('acme', 'a'))?.wrapUpTags).toEqual([
      { tagId: 'refund', label: 'REFUND' },
      { tagId: 'resolved', label: 'RESOLVED' },
    ]);
    expect((await list.get('acme', 'c'))?.wrapUpTags).toEqual([]);
    expect(await ids('refund')).toEqual(['a']);
    expect((await ids('resolved')).sort()).toEqual(['a', 'b']);
    expect(await ids('unknown')).toEqual([]);
    expect((await ids()).sort()).toEqual(['a', 'b', 'c']);
  });
});
