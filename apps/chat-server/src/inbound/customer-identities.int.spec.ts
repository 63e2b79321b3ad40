import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CustomerIdentity } from '@pagedesk/conversation';
import { EventStoreUnavailableError, SqliteEventStore } from '@pagedesk/event-store';
import {
  conversationIdFor,
  identityStream,
  routeTarget,
  type ConversationView,
  type IdentityCommand,
} from '@pagedesk/identity';
import { CustomerIdentities } from './customer-identities';

const PAGE = '1029384756';
const PSID: CustomerIdentity = { kind: 'psid', id: '7390001' };
const STREAM = identityStream(PAGE, PSID);
const FIRST = conversationIdFor(PAGE, PSID, 0);
const context = (cause: string) => ({
  correlationId: cause,
  causationId: cause,
  actor: 'facebook',
  now: '2026-12-03T09:00:00.000Z',
});
const route = (key: string, seen: ConversationView | null): IdentityCommand => ({
  type: 'RouteUpdate',
  data: { pageId: PAGE, customer: PSID, key, opens: true, receipt: false, seen },
});
const live: ConversationView = { conversationId: FIRST, status: 'live' };

describe('customer identities: the state the inbound reactor knows', () => {
  let dir: string;
  let store: SqliteEventStore;
  let identities: CustomerIdentities;
  let reads: jest.SpyInstance;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pagedesk-identities-'));
    store = await SqliteEventStore.open(join(dir, 'events.db'));
    identities = new CustomerIdentities(store);
    reads = jest.spyOn(store, 'readStream');
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('decides a follow-up on the state its own append left, reading nothing', async () => {
    await identities.handle(route('mid:m1', null), context('d1:0'));
    reads.mockClear();
    const known = await identities.known(PAGE, PSID);
    expect(routeTarget(known.state, 'mid:m2')).toBe(FIRST);
    const routed = await identities.handle(route('mid:m2', live), context('d2:0'), known);
    expect(routeTarget(routed.state, 'mid:m2')).toBe(FIRST);
    expect(reads).not.toHaveBeenCalled();
  });

  it('reads again after an append that failed, which may have been stored all the same', async () => {
    await identities.handle(route('mid:m1', null), context('d1:0'));
    const append = store.appendToStream.bind(store);
    // The answer is lost after the commit (a timeout, a dropped connection): the event is stored.
    jest.spyOn(store, 'appendToStream').mockImplementationOnce(async (...args) => {
      await append(...args);
      throw new EventStoreUnavailableError('the answer was lost');
    });
    const known = await identities.known(PAGE, PSID);
    await expect(
      identities.handle(route('update:d2:0', live), context('d2:0'), known),
    ).rejects.toThrow('the answer was lost');
    const stored = await store.readStream(STREAM);
    reads.mockClear();
    const after = await identities.known(PAGE, PSID);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(after.revision).toBe(stored.at(-1)!.revision);
    expect(after.state.status === 'linked' && after.state.routes.get('update:d2:0')).toBe(FIRST);
  });

  it('an append on a state another writer made stale is decided again on a read', async () => {
    await identities.handle(route('mid:m1', null), context('d1:0'));
    const known = await identities.known(PAGE, PSID);
    // A writer that is not this handle (which the one-writer rule excludes) records a route.
    await new CustomerIdentities(store).handle(route('update:d2:0', live), context('d2:0'));
    const routed = await identities.handle(route('update:d3:0', live), context('d3:0'), known);
    expect(routed.revision).toBe(2);
    expect(routeTarget(routed.state, 'update:d2:0')).toBe(FIRST);
    expect((await store.readStream(STREAM)).map((e) => e.type)).toEqual([
      'CustomerConversationLinked',
      'CustomerUpdateRouted',
      'CustomerUpdateRouted',
    ]);
  });
});
