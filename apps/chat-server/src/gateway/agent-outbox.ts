import type { Logger } from '@nestjs/common';
import type { BatchedPush } from '@pagedesk/contracts';

/** Sends one batch to every socket in these rooms (socket.io encodes it once for all of them). */
export type SendBatch = (rooms: string[], batch: readonly BatchedPush[]) => void;

/**
 * The pushes of one event-loop turn, queued per agent room in the order they
 * were made and sent when the turn ends (setImmediate) as one batch per room
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
  private scheduled: NodeJS.Immediate | undefined;

  /** `settle` makes the pushes left for the end of the turn (the router's offer groups and waiting counts) first. */
  constructor(
    private readonly send: SendBatch,
    private readonly logger: Logger,
    private readonly settle: () => void = () => undefined,
  ) {}

  push(room: string, push: BatchedPush): void {
    const batch = this.queued.get(room);
    if (batch) batch.push(push);
    else this.queued.set(room, [push]);
    this.scheduled ??= setImmediate(() => this.flush());
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
    this.settle();
    clearImmediate(this.scheduled);
    this.scheduled = undefined;
    if (this.queued.size === 0) return;
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
