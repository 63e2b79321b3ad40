/**
 * A queue of one: each piece of work starts when the one before it has
 * settled (either way), so transactions or savepoints on one connection
 * never interleave across their awaits.
 */
export class Turns {
  private tail: Promise<unknown> = Promise.resolve();

  take<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
