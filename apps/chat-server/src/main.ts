import { EarlyWorker } from './processing/early-worker';

// Before anything else loads: the worker thread loads its ~1,100 core modules on the other core while this thread loads its own, instead of after (docs/processing.md).
const earlyWorker = process.env.PROCESSING === 'inline' ? undefined : EarlyWorker.start();

// Loaded only now, so that the worker's start does not wait for them.
import('./serve')
  .then(({ serve, startFailure }) =>
    serve(earlyWorker).catch(async (error: unknown) => {
      process.stderr.write(startFailure(error));
      // Stopped before exiting: an exit while the thread is inside a native call (loading an addon, compiling) can end the process by a signal instead of code 1 (seen once in CI).
      await earlyWorker?.discard();
      process.exit(1);
    }),
  )
  .catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
