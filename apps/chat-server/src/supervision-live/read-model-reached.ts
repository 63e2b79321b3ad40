import type { ProjectionCheckpoints } from '@pagedesk/processing';

const POLL_MS = 20;
/** A projection this far behind is reported as failing on /ready; the push goes out anyway. */
const GIVE_UP_MS = 5_000;

/**
 * Resolves once a projection has applied the log up to `position`. The
 * projections may run in the processing worker, or on another node, so their
 * checkpoint in the read-model database is the one thing every reader sees; it is read only
 * while a supervisor watches a conversation that changed. After `signal`
 * aborts it never resolves.
 */
export function readModelReached(
  checkpoints: ProjectionCheckpoints,
  projection: string,
  position: number,
  signal: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + GIVE_UP_MS;
  return new Promise((resolve) => {
    const check = async () => {
      // Shutting down: the database is closing, and nobody is left to tell.
      if (signal.aborted) return;
      // A database that does not answer counts as not there yet: the deadline still ends the wait.
      const stored = await checkpoints.get(projection).catch(() => undefined);
      if ((stored ?? -1) >= position || Date.now() >= deadline) return resolve();
      setTimeout(() => void check(), POLL_MS).unref();
    };
    void check();
  });
}
