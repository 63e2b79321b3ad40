import { Client } from 'pg';
import { FaultyLink } from '@pagedesk/test-support/postgres/faulty-link';
import { ROUTING_LEASE, type Lease, type LeaseTiming } from '../lease';

/**
 * Short enough for a test, in the ratio production uses (renewals well inside the TTL);
 * the scenarios wait several TTLs each, so the TTL sets the suite's length. The default
 * timing's own bound is tested apart (leases.int.spec.ts).
 */
export const CONTRACT_TIMING: LeaseTiming = { renewMs: 150, ttlMs: 1_200 };
/** Room for a loaded machine (2 cores shared with other work) on top of every bound below. */
const SLACK_MS = 1_500;
const SAMPLE_MS = 5;

export interface LeaseSubject {
  readonly name: string;
  make(url: string, timing: LeaseTiming): Lease;
  /** The longest a standby may take to hold the lease once the holder's connection closed for good. */
  handoverAfterDeathMs(timing: LeaseTiming): number;
  /** Whether a holder whose connection was cut (and who can reconnect) keeps the lease. */
  readonly keepsThroughCut: boolean;
  /**
   * What PostgreSQL does `timing.ttlMs` after a holder went silent: the
   * advisory lock's session is ended (TCP keep-alive, tcp_user_timeout);
   * nothing is needed for a row, whose TTL runs on the server's clock.
   */
  serverGivesUpOnSilentHolder(adminUrl: string): Promise<void>;
}

interface Node {
  readonly lease: Lease;
  readonly link: FaultyLink;
  readonly index: number;
}

/**
 * Watches every contender: at no sampled instant, and at no moment one of
 * them says it took the lease, may two of them hold it; each new tenure's
 * token must be above every earlier one.
 */
class Checker {
  readonly overlaps: string[] = [];
  readonly tokens: bigint[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly nodes: () => readonly Node[]) {
    this.timer = setInterval(() => this.look('sample'), SAMPLE_MS);
  }

  taken(node: Node): void {
    this.look(`node ${node.index} took it`);
    const token = node.lease.token;
    if (token === undefined) this.overlaps.push(`node ${node.index} took it without a token`);
    else this.tokens.push(token);
  }

  holders(): Node[] {
    return this.nodes().filter((n) => n.lease.held);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private look(when: string): void {
    const holding = this.holders();
    if (holding.length > 1) {
      this.overlaps.push(`${when}: held by ${holding.map((n) => n.index).join(' and ')}`);
    }
  }
}

async function until<T>(what: string, limitMs: number, value: () => T | undefined): Promise<T> {
  const since = Date.now();
  for (;;) {
    const found = value();
    if (found !== undefined) return found;
    if (Date.now() - since > limitMs) throw new Error(`${what}: not within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, SAMPLE_MS));
  }
}

/** The behaviour both lease implementations must show; each test runs on a fresh database. */
export function leaseContract(
  subject: LeaseSubject,
  database: () => Promise<{ url: string; adminUrl: string }>,
): void {
  describe(`Lease contract: ${subject.name}`, () => {
    const timing = CONTRACT_TIMING;
    let nodes: Node[] = [];
    let checker: Checker;
    let adminUrl: string;

    const contenders = async (count: number): Promise<Node[]> => {
      const db = await database();
      adminUrl = db.adminUrl;
      checker = new Checker(() => nodes);
      for (let index = 0; index < count; index++) {
        const link = await FaultyLink.open(db.url);
        const node: Node = { lease: subject.make(link.url, timing), link, index };
        nodes.push(node);
        node.lease.start({
          changed: (held) => (held ? checker.taken(node) : undefined),
          trouble: () => undefined,
        });
      }
      return nodes;
    };
    const holder = (limitMs: number, except?: Node) =>
      until('a holder', limitMs, () => checker.holders().find((n) => n !== except));

    afterEach(async () => {
      checker?.stop();
      await Promise.all(nodes.map((n) => n.lease.stop()));
      await Promise.all(nodes.map((n) => n.link.close()));
      nodes = [];
    });

    const expectSafe = () => {
      expect(checker.overlaps).toEqual([]);
      const sorted = [...checker.tokens].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(new Set(checker.tokens).size).toBe(checker.tokens.length);
      expect(checker.tokens).toEqual(sorted);
    };
    const report = (what: string, ms: number) =>
      process.stdout.write(`${subject.name}: ${what} ${ms} ms\n`);

    it('one of three contenders holds it, the others wait; a clean stop hands it over at once', async () => {
      await contenders(3);
      const first = await holder(timing.ttlMs + SLACK_MS);
      // Several TTLs of renewals and of attempts by the others: nothing may move.
      const quietUntil = Date.now() + 3 * timing.ttlMs;
      while (Date.now() < quietUntil) {
        expect(checker.holders()).toEqual([first]);
        await new Promise((r) => setTimeout(r, 50));
      }
      await first.lease.stop();
      const stoppedAt = Date.now();
      const second = await holder(2 * timing.renewMs + SLACK_MS, first);
      report('handover after a clean stop', Date.now() - stoppedAt);
      await second.lease.stop();
      const third = await holder(2 * timing.renewMs + SLACK_MS, second);
      expect(new Set([first, second, third]).size).toBe(3);
      expectSafe();
      expect(checker.tokens).toHaveLength(3);
    }, 60_000);

    it('passes to a standby after the holder dies (its connection closed, never back)', async () => {
      await contenders(2);
      const first = await holder(timing.ttlMs + SLACK_MS);
      first.link.kill();
      const diedAt = Date.now();
      const second = await holder(subject.handoverAfterDeathMs(timing) + SLACK_MS, first);
      report('handover after the holder died', Date.now() - diedAt);
      expect(second).not.toBe(first);
      expect(first.lease.held).toBe(false);
      expectSafe();
    }, 60_000);

    it("survives the holder's connection being cut: one holder again within the TTL", async () => {
      await contenders(2);
      const first = await holder(timing.ttlMs + SLACK_MS);
      const before = first.lease.token;
      first.link.cut();
      const cutAt = Date.now();
      if (subject.keepsThroughCut) {
        // It renews on a new connection: ownership never moves, the tenure goes on.
        const checkUntil = Date.now() + timing.ttlMs + timing.renewMs;
        while (Date.now() < checkUntil) {
          expect(checker.holders()).toEqual([first]);
          await new Promise((r) => setTimeout(r, 20));
        }
        expect(first.lease.token).toBe(before);
      } else {
        // The lock went with the session: whoever holds it next does so in a new tenure.
        const next = await until('a new tenure', timing.ttlMs + SLACK_MS, () =>
          checker.holders().find((n) => n.lease.token !== before),
        );
        report('one holder again after a cut', Date.now() - cutAt);
        expect(next.lease.token).toBeGreaterThan(before!);
      }
      expectSafe();
    }, 60_000);

    it('a paused holder stops acting at its local deadline, before anyone else takes over', async () => {
      await contenders(2);
      const first = await holder(timing.ttlMs + SLACK_MS);
      first.link.freeze();
      const frozenAt = Date.now();
      await until('the paused holder letting go', timing.ttlMs + SLACK_MS, () =>
        first.lease.held ? undefined : true,
      );
      const letGo = Date.now() - frozenAt;
      report('paused holder stopped acting after', letGo);
      // `held` reads the clock, so no late timer can stretch this; it must come before the TTL.
      expect(letGo).toBeLessThan(timing.ttlMs);
      // The scenario, not a synchronisation: PostgreSQL's side gives up a TTL after the pause.
      await new Promise((r) => setTimeout(r, Math.max(0, timing.ttlMs - letGo)));
      await subject.serverGivesUpOnSilentHolder(adminUrl);
      const second = await holder(timing.ttlMs + SLACK_MS, first);
      report('standby took over after the pause began', Date.now() - frozenAt);
      // Awake again, the old holder's late statements must not make it a second holder.
      first.link.thaw();
      await new Promise((r) => setTimeout(r, 2 * timing.ttlMs));
      expect(checker.holders()).toEqual([second]);
      expectSafe();
    }, 60_000);
  });
}

/** For the advisory subject: what PostgreSQL does once keep-alives find the holder's connection dead. */
export async function endLockSessions(adminUrl: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks
        WHERE locktype = 'advisory' AND objid = $1 AND granted`,
      [ROUTING_LEASE.key],
    );
  } finally {
    await admin.end();
  }
}
