import type { SnapshotPart } from '../routing/routing-snapshot';

/** Enough for a busy tenant's regulars; the oldest seen is forgotten first (docs/memory.md). */
export const KNOWN_CUSTOMERS_MAX = 50_000;

export interface KnownProfile {
  readonly name: string | null;
  readonly pictureUrl: string | null;
}

/**
 * The latest name and picture per customer of a page (a PSID is page-scoped),
 * kept after their conversations end, so a returning customer's request card
 * shows who they are before Facebook answers the new profile look-up.
 */
export class KnownCustomers implements SnapshotPart {
  readonly snapshotName = 'knownCustomers';
  private readonly profiles = new Map<string, KnownProfile>();

  constructor(private readonly max = KNOWN_CUSTOMERS_MAX) {}

  get size(): number {
    return this.profiles.size;
  }

  remember(pageId: string, customerId: string, profile: KnownProfile): void {
    const key = keyOf(pageId, customerId);
    // Re-inserted, so the Map's order is least recently seen first.
    this.profiles.delete(key);
    this.profiles.set(key, profile);
    if (this.profiles.size > this.max) {
      this.profiles.delete(this.profiles.keys().next().value!);
    }
  }

  recall(pageId: string, customerId: string): KnownProfile | undefined {
    return this.profiles.get(keyOf(pageId, customerId));
  }

  snapshot(): [string, KnownProfile][] {
    return [...this.profiles];
  }

  restore(saved: unknown): void {
    for (const [key, profile] of saved as [string, KnownProfile][]) this.profiles.set(key, profile);
  }
}

const keyOf = (pageId: string, customerId: string) => `${pageId}\u0000${customerId}`;
