import type { EventStore } from '../event-store.port';

/** What an adapter's spec hands to the contract suite. */
export interface EventStoreFixture {
  readonly name: string;
  /** A fresh, empty store. */
  open(): Promise<OpenedStore>;
}

export interface OpenedStore {
  readonly store: EventStore;
  /** A new handle on the same storage, as a restarted process would get it. */
  reopen(): Promise<EventStore>;
  /** Environment under which createEventStore(loadEventStoreConfig(env)) in a child process opens the same storage. */
  readonly childEnv: Readonly<Record<string, string>>;
  /** Closes everything opened for this store and removes its storage. */
  dispose(): Promise<void>;
}
