import type { Logger } from '@nestjs/common';
import type { BatchedPush } from '@pagedesk/contracts';

/** Sends one batch to every socket in these rooms (socket.io encodes it once for all of them). */
export type SendBatch = (rooms: string[], batch: readonly BatchedPush[]) => void;

/**
 * While pushes keep coming, at most one batch per this many milliseconds: under load every
 * routing change (a chat arriving, taken, closed: ~300 a second at 1,000 messages/s) touches
 * all 200 agents, and a batch per change and agent was most of the main thread's socket writes.
 * The first push after a quiet spell still leaves at the end of its turn.
 */
export const PUSH_GAP_MS = 10;

/**
 * The pushes of one event-loop turn (or, under load, of PUSH_GAP_MS), queued
 * per agent room in the order they were made and sent as one batch per room
 * (docs/socket-contract.md, "Pushes arrive in batches"). With 200 agents in a
 * queue a new chat was 400 socket writes (`chat:requested`, `agent:waiting`),
 * each a syscall, and each push was encoded once per agent.
 *
 * A push meant for many agents (an offer, a withdrawal, a waiting count) is
 * made once per turn (`shared`), so the rooms whose batches hold the same
 * pushes are sent to together and that batch is encoded once.
 *
 * An ack must not overtake the pushes made before it (a client fences on
 * one), so the socket layer sends its socket's room first (`flushRoom`).
 */
export class AgentOutbox {
  private readonly queued = new Map<string, BatchedPush[]>();
  private readonly made = new Map<string, BatchedPush>();
  private readonly ids = new WeakMap<BatchedPush, number>();
  private nextId = 0;
  private scheduled: { cancel: () => void } | undefined;
  private lastFlush = -Infinity;

  constructor(
    private readonly send: SendBatch,
    private readonly logger: Logger,
    private readonly gapMs = PUSH_GAP_MS,
  ) {}

  push(room: string, push: BatchedPush): void {
    const batch = this.queued.get(room);
    if (batch) batch.push(push);
    else this.queued.set(room, [push]);
    this.scheduled ??= this.schedule();
  }

  private schedule(): { cancel: () => void } {
    const wait = this.lastFlush + this.gapMs - performance.now();
    if (wait <= 0) {
      const immediate = setImmediate(() => this.flush());
      return { cancel: () => clearImmediate(immediate) };
    }
    const timer = setTimeout(() => this.flush(), wait);
    return { cancel: () => clearTimeout(timer) };
  }

  /** The one push made for `key` in this turn: `make` runs only the first time. */
  shared(key: string, make: () => BatchedPush): BatchedPush {
    let push = this.made.get(key);
    if (!push) {
      push = make();
      this.made.set(key, push);
    }
    return push;
  }

  /** What shared pushes were made from changed (an event was folded): later calls make them again. */
  forget(): void {
    this.made.clear();
  }

  /** Sends what is queued for one room now: its ack is about to be sent (the others wait their turn). */
  flushRoom(room: string): void {
    const batch = this.queued.get(room);
    if (!batch) return;
    this.queued.delete(room);
    this.sendSafely([room], batch);
  }

  /** Sends everything queued, one batch per room, rooms with the same batch together. */
  flush(): void {
    this.scheduled?.cancel();
    this.scheduled = undefined;
    if (this.queued.size === 0) return;
    this.lastFlush = performance.now();
    const groups = new Map<string, { rooms: string[]; batch: BatchedPush[] }>();
    for (const [room, batch] of this.queued) {
      const key = batch.map((push) => this.idOf(push)).join(' ');
      const group = groups.get(key);
      if (group) group.rooms.push(room);
      else groups.set(key, { rooms: [room], batch });
    }
    this.queued.clear();
    this.made.clear();
    for (const { rooms, batch } of groups.values()) this.sendSafely(rooms, batch);
  }

  private sendSafely(rooms: string[], batch: readonly BatchedPush[]): void {
    try {
      this.send(rooms, batch);
    } catch (error) {
      this.logger.error({ err: error, rooms: rooms.length }, 'pushes could not be sent');
    }
  }

  private idOf(push: BatchedPush): number {
    let id = this.ids.get(push);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(push, id);
    }
    return id;
  }
}
