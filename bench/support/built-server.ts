/**
 * Which release the restart and memory benchmarks measure: the built server
 * (dist/) of this checkout, or of another one named by BENCH_SERVER_DIR (a
 * worktree of an older release under .bench/, for before/after figures on
 * one machine). Never the sources: compiling them at start-up would be timed
 * and counted. Never a directory beside the checkout: a fresh clone has
 * nothing there, so the command would work on one machine only.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

function serverDir(): string {
  const dir = resolve(ROOT, process.env.BENCH_SERVER_DIR ?? '.');
  const inside = relative(ROOT, dir);
  if (inside.startsWith('..') || isAbsolute(inside))
    throw new Error(
      `BENCH_SERVER_DIR must lie inside this checkout (e.g. .bench/before), not ${dir}`,
    );
  return dir;
}

export const SERVER_DIR = serverDir();

/** A file of the built server; stops the benchmark with what to do when there is none. */
export function built(file: string): string {
  const path = join(SERVER_DIR, 'dist', file);
  if (!existsSync(path))
    throw new Error(`${path} is missing: run \`npm run build\` in ${SERVER_DIR} first`);
  return path;
}

export const MAIN = 'apps/chat-server/src/main.js';
export const BOOTSTRAP = 'apps/chat-server/src/bootstrap.js';
/** Where the memory benchmark finds the class that asks the worker thread for its heap. */
export const PROCESSING_WORKER = 'apps/chat-server/src/processing/processing-worker.js';

/** How the figures name the server: its directory and commit (when it is a checkout). */
export function serverLabel(): string {
  try {
    const commit = execFileSync('git', ['-C', SERVER_DIR, 'rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return `dist of ${SERVER_DIR} at ${commit}`;
  } catch {
    return `dist of ${SERVER_DIR}`;
  }
}
