/** The time lifecycle decisions are made at: a port, so tests can move it past a deadline. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };
