import { CheckpointStore } from '@pagedesk/processing';

const POLL_MS = 20;
/** A projection this far behind is reported as failing on /ready; the push goes out anyway. */
const GIVE_UP_MS = 5_000;

/**
 * Resolves once a projection has applied the log up to `position`. The
 * projections may run in the processing worker, so their checkpoint in the
 * read-model database is the one thing both threads see; it is read only
 * while a supervisor watches a conversation that changed. After `signal`
 * aborts it never resolves.
 */
export function readModelReached(
  checkpoints: CheckpointStore,
  projection: string,
  position: number,
  signal: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + GIVE_UP_MS;
  return new Promise((resolve) => {
    const check = () => {
      // Shutting down: the database is closing, and nobody is left to tell.
      if (signal.aborted) return;
      const reached = (checkpoints.get(`projection:${projection}`) ?? -1) >= position;
      if (reached || Date.now() >= deadline) return resolve();
      setTimeout(check, POLL_MS).unref();
    };
    check();
  });
}
