/**
 * npm run bench — every benchmark, one after another (they would distort each
 * other side by side on two cores). A failing one does not stop the rest; the
 * exit code says whether all of them ran.
 */
import { spawnSync } from 'node:child_process';

const BENCHMARKS = [
  'store',
  'postgres',
  'webhook',
  'e2e',
  'outbound',
  'replay',
  'agents',
  'restart',
  'memory',
];

const failed = BENCHMARKS.filter((name) => {
  console.log(`\n>>> npm run bench:${name}`);
  return spawnSync('npm', ['run', `bench:${name}`], { stdio: 'inherit' }).status !== 0;
});
console.log(
  failed.length
    ? `\nfailed: ${failed.map((n) => `bench:${n}`).join(', ')}`
    : '\nall benchmarks ran',
);
process.exitCode = failed.length ? 1 : 0;
