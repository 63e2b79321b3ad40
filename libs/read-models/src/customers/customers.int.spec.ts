import type { ConversationEvent } from '@pagedesk/conversation';
import type { RecordedEvent } from '@pagedesk/event-store';
import type { AsyncSqlDb } from '@pagedesk/processing';
import type { JsonObject } from '@pagedesk/shared';
import { CustomersProjection } from './customers.projection';
import { Customers } from './customers';
import { describeOnReadModelDbs } from '@pagedesk/test-support/read-model-dbs';

const PAGE = 'p1';

/** The customers read model as the desk's customer panel reads it. */
describeOnReadModelDbs(
  'customers: one record per person, built from their conversations',
  (readModelDb, kase) => {
    let projection: CustomersProjection;
    let customers: Customers;
    let position = 0;
    let log: RecordedEvent[];

    const apply = async (conversationId: string, event: Omit<ConversationEvent, 'metadata'>) => {
      const recorded = {
        id: `e${++position}`,
        type: event.type,
        data: event.data as unknown as JsonObject,
        metadata: { correlationId: 'c', causationId: 'c', actor: 'x', recordedAt: 'x' },
        streamName: `conversation-${conversationId}`,
        revision: position,
        globalPosition: position,
      } satisfies RecordedEvent;
      log.push(recorded);
      await projection.apply(recorded);
    };
    const start = (
      conversationId: string,
      customer: { kind: 'psid' | 'guest'; id: string },
      startedAt: number,
      referral: { type: string; ref: string | null; source: string | null } | null = null,
    ) =>
      apply(conversationId, {
        type: 'ConversationStarted',
        data: {
          conversationId,
          tenantId: 'acme',
          pageId: PAGE,
          customer,
          channel: customer.kind === 'guest' ? 'chat_plugin' : 'messenger',
          referral: referral && { ...referral, refererUri: null, adId: null },
          startedAt,
        },
      });
    const close = (conversationId: string, closedAt: number) =>
      apply(conversationId, {
        type: 'ConversationClosedByAgent',
        data: { agentId: 'ada', closedAt, wrapUpTags: [] },
      } as Omit<ConversationEvent, 'metadata'>);

    const fresh = async (db = readModelDb()) => {
      projection = new CustomersProjection(db);
      await projection.createSchema();
      customers = new Customers(db);
      return db;
    };

    beforeEach(async () => {
      position = 0;
      log = [];
      await fresh();
    });

    it('a returning customer: name, e-mail and referral from the first conversation, which is their previous one', async () => {
      await start('c1', { kind: 'psid', id: '42' }, 1_000, {
        type: 'OPEN_THREAD',
        ref: 'spring-sale',
        source: 'SHORTLINK',
      });
      await apply('c1', {
        type: 'CustomerProfileFetched',
        data: {
          firstName: 'Rosa',
          lastName: 'Diaz',
          pictureUrl: 'https://x/rosa.jpg',
          fetchedAt: 1_100,
        },
      });
      await apply('c1', {
        type: 'ContactInfoShared',
        data: { kind: 'email', value: 'rosa@example.com', mid: 'm1', sharedAt: 1_200 },
      });
      await close('c1', 2_000);
      await start('c2', { kind: 'psid', id: '42' }, 5_000);

      expect(await customers.profileOf(PAGE, { kind: 'psid', id: '42' })).toEqual({
        name: 'Rosa Diaz',
        pictureUrl: 'https://x/rosa.jpg',
      });
      expect(await customers.ofConversation('acme', 'c2')).toMatchObject({
        name: 'Rosa Diaz',
        pictureUrl: 'https://x/rosa.jpg',
        channel: 'messenger',
        contacts: [{ kind: 'email', value: 'rosa@example.com', conversationId: 'c1' }],
        referrals: [
          { type: 'OPEN_THREAD', ref: 'spring-sale', source: 'SHORTLINK', conversationId: 'c1' },
        ],
        previousConversations: [{ conversationId: 'c1', startedAt: 1_000, endedAt: 2_000 }],
      });
      expect((await customers.ofConversation('acme', 'c1'))!.previousConversations).toEqual([]);
      expect(await customers.isPreviousOf('acme', 'c2', 'c1')).toBe(true);
      expect(await customers.isPreviousOf('acme', 'c1', 'c2')).toBe(false);
    });

    it('answers nothing for another tenant, and the same PSID on another page is someone else', async () => {
      await start('c1', { kind: 'psid', id: '42' }, 1_000);
      expect(await customers.ofConversation('globex', 'c1')).toBeUndefined();
      expect(await customers.profileOf('other-page', { kind: 'psid', id: '42' })).toBeUndefined();
    });

    it('a Chat Plugin guest who logs in is the same customer as their PSID, earlier conversations and e-mail included', async () => {
      await start('c1', { kind: 'psid', id: '42' }, 1_000);
      await apply('c1', {
        type: 'CustomerProfileFetched',
        data: { firstName: 'Rosa', lastName: null, pictureUrl: null, fetchedAt: 1_100 },
      });
      await close('c1', 2_000);
      await start('g1', { kind: 'guest', id: 'guest-9' }, 3_000);
      await apply('g1', {
        type: 'ContactInfoShared',
        data: { kind: 'phone', value: '+15555550123', mid: 'm2', sharedAt: 3_100 },
      });
      expect(await customers.ofConversation('acme', 'g1')).toMatchObject({
        channel: 'chat_plugin_guest',
        previousConversations: [],
      });
      await apply('g1', {
        type: 'GuestUpgraded',
        data: { guestId: 'guest-9', psid: '42', upgradedAt: 3_200 },
      });
      expect(await customers.ofConversation('acme', 'g1')).toMatchObject({
        name: 'Rosa',
        identity: { kind: 'psid', id: '42' },
        channel: 'chat_plugin_upgraded',
        contacts: [{ kind: 'phone', value: '+15555550123' }],
        previousConversations: [{ conversationId: 'c1' }],
      });
      // The guest id writing again later is still Rosa.
      await start('g2', { kind: 'guest', id: 'guest-9' }, 9_000);
      expect(
        (await customers.ofConversation('acme', 'g2'))!.previousConversations.map(
          (c) => c.conversationId,
        ),
      ).toEqual(['g1', 'c1']);
    });

    it('looks nothing up for a message or a receipt: only what changes the customer costs a statement', async () => {
      await start('c1', { kind: 'psid', id: '42' }, 1_000);
      const statements: string[] = [];
      projection = new CustomersProjection(recordingStatements(readModelDb(), statements));
      await apply('c1', {
        type: 'CustomerMessageReceived',
        data: {
          mid: 'm1',
          text: 'Hi',
          attachments: [],
          quickReplyPayload: null,
          replyToMid: null,
          sentAt: 1_050,
        },
      });
      await apply('c1', {
        type: 'DeliveryWatermarkAdvanced',
        data: { watermark: 1_060, mids: null },
      });
      expect(statements).toEqual([]);
      await apply('c1', {
        type: 'CustomerProfileFetched',
        data: { firstName: 'Rosa', lastName: null, pictureUrl: null, fetchedAt: 1_100 },
      });
      expect(statements.length).toBeGreaterThan(0);
      expect(await customers.profileOf(PAGE, { kind: 'psid', id: '42' })).toEqual({
        name: 'Rosa',
        pictureUrl: null,
      });
    });

    it('rebuilt from zero over the same log, it answers the same', async () => {
      await start('c1', { kind: 'psid', id: '42' }, 1_000, {
        type: 'OPEN_THREAD',
        ref: 'ad',
        source: 'ADS',
      });
      await apply('c1', {
        type: 'ContactInfoShared',
        data: { kind: 'email', value: 'a@b.c', mid: null, sharedAt: 1_200 },
      });
      await close('c1', 2_000);
      await start('c2', { kind: 'psid', id: '42' }, 5_000);
      const live = await customers.ofConversation('acme', 'c2');
      const rebuilt = await kase.open();
      try {
        await fresh(rebuilt);
        for (const recorded of log) await projection.apply(recorded);
        expect(await customers.ofConversation('acme', 'c2')).toEqual(live);
      } finally {
        await rebuilt.close();
      }
    });
  },
);

/** The database as the projection sees it, with every query and write it makes noted down. */
function recordingStatements(db: AsyncSqlDb, statements: string[]): AsyncSqlDb {
  return new Proxy(db, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (key === 'get' || key === 'all' || key === 'run') statements.push(String(args[0]));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
