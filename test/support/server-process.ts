import { spawn, type ChildProcess } from 'node:child_process';
import { entryArgs } from './built-or-sources';

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the server logged so far. */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** The real server as its own process (as production runs it: processing in a worker thread), so a test can SIGKILL it mid-flight and start it again on the same data. Resolves once /ready says yes. */
export function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  // SERVER_NODE_ARGS lets a benchmark profile the server, e.g. "--cpu-prof --cpu-prof-dir=$PWD/.bench/prof" (git-ignored, in the checkout).
  const nodeArgs = (process.env.SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ...entryArgs('apps/chat-server/src/main')], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  let listening = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void kill();
      reject(new Error(`server did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/[\d.]+:\d+)/.exec(output)?.[1];
      if (url && !listening) {
        listening = true;
        // Ready, not just listening: the processing worker has started, so work begins at once, as a test of a crash mid-processing needs.
        void untilReady(url, timeoutMs).then(
          () => {
            clearTimeout(timer);
            resolve({ url, child, output: () => output, kill });
          },
          (error: unknown) => reject(error as Error),
        );
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${output}`));
    });
  });
}

async function untilReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ready = await fetch(`${url}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server at ${url} was not ready in ${timeoutMs} ms`);
}
