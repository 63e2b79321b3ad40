import type { EventHandler, SubscribeToAllOptions, Subscription } from '../event';
import type { EventStore } from '../event-store.port';
import { EventStoreUnavailableError } from '../errors';

type Fault =
  | { readonly kind: 'count'; remaining: number }
  | { readonly kind: 'until'; readonly until: number }
  | { readonly kind: 'random'; readonly probability: number; seed: number }
  | { readonly kind: 'always' };

/**
 * Fault injection for tests: wraps a store's appends and subscriptions in
 * place (the server's own instance, or a test's), so the code under test
 * meets an outage exactly where production would. Injected failures are
 * EventStoreUnavailableError, what a real outage looks like, unless a test
 * says otherwise (failingWith).
 */
export class StoreFaults {
  private fault: Fault | undefined;
  private appliesTo: (streamName: string) => boolean = () => true;
  private makeError: () => Error = () =>
    new EventStoreUnavailableError('injected fault: append refused');
  private subscriptionBreaks = 0;
  /** Appends refused so far. */
  failedAppends = 0;

  private constructor(private readonly now: () => number) {}

  /**
   * Wraps `target`'s appends and subscriptions in place and returns the switch.
   * `target` is a store (its later subscriptions are breakable) or a store
   * class's prototype, before the server opens its store, so that every
   * subscription the server makes can be broken. `now` decides when a timed
   * outage ends.
   */
  static inject(target: EventStore, now: () => number = Date.now): StoreFaults {
    const faults = new StoreFaults(now);
    const append = target.appendToStream;
    const subscribe = target.subscribeToAll;
    target.appendToStream = function (this: EventStore, streamName, events, options) {
      if (faults.shouldFail(streamName)) {
        faults.failedAppends += 1;
        return Promise.reject(faults.makeError());
      }
      return append.call(this, streamName, events, options);
    };
    target.subscribeToAll = function (
      this: EventStore,
      handler: EventHandler,
      options?: SubscribeToAllOptions,
    ): Subscription {
      return subscribe.call(this, faults.breakable(handler), options);
    };
    faults.restore = () => {
      target.appendToStream = append;
      target.subscribeToAll = subscribe;
    };
    return faults;
  }

  /** Puts the original methods back (a prototype must be restored after its test). */
  restore: () => void = () => undefined;

  /** Only appends to streams this accepts fail (e.g. everything but the inbox, so webhooks are still acknowledged). */
  only(appliesTo: (streamName: string) => boolean): this {
    this.appliesTo = appliesTo;
    return this;
  }

  /** What a refused append rejects with (default: the store unavailable, a transient failure). */
  failingWith(makeError: () => Error): this {
    this.makeError = makeError;
    return this;
  }

  failNextAppends(count: number): this {
    this.fault = { kind: 'count', remaining: count };
    return this;
  }

  failAppendsFor(ms: number): this {
    this.fault = { kind: 'until', until: this.now() + ms };
    return this;
  }

  /** Deterministic for a seed, so a failing run can be repeated. */
  failAppendsAtRandom(probability: number, seed = 1): this {
    this.fault = { kind: 'random', probability, seed };
    return this;
  }

  failAppends(): this {
    this.fault = { kind: 'always' };
    return this;
  }

  /** Every subscription open now fails at its next event, as when the store drops its readers. */
  breakSubscriptions(): this {
    this.subscriptionBreaks += 1;
    return this;
  }

  heal(): void {
    this.fault = undefined;
  }

  get failing(): boolean {
    const fault = this.fault;
    if (!fault) return false;
    if (fault.kind === 'count') return fault.remaining > 0;
    if (fault.kind === 'until') return this.now() < fault.until;
    return true;
  }

  private shouldFail(streamName: string): boolean {
    const fault = this.fault;
    if (!fault || !this.appliesTo(streamName)) return false;
    switch (fault.kind) {
      case 'count':
        if (fault.remaining <= 0) return false;
        fault.remaining -= 1;
        return true;
      case 'until':
        return this.now() < fault.until;
      case 'random':
        // mulberry32: a tiny seeded generator, enough for test schedules.
        fault.seed = (fault.seed + 0x6d2b79f5) | 0;
        return nextRandom(fault.seed) < fault.probability;
      case 'always':
        return true;
    }
  }

  private breakable(handler: EventHandler): EventHandler {
    let seen = this.subscriptionBreaks;
    return (event) => {
      if (seen < this.subscriptionBreaks) {
        seen = this.subscriptionBreaks;
        throw new EventStoreUnavailableError('injected fault: subscription lost');
      }
      return handler(event);
    };
  }
}

function nextRandom(seed: number): number {
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
