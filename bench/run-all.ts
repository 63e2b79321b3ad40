/**
 * npm run bench — every benchmark, one after another (they would distort each
 * other side by side on two cores). A failing one does not stop the rest; the
 * exit code says whether all of them ran. The server is built first.
 */
import { spawnSync } from 'node:child_process';

const BENCHMARKS = [
  'store',
  'postgres',
  'webhook',
  'nodes',
  'e2e',
  'outbound',
  'replay',
  'agents',
  'restart',
  'memory',
];

// bench:restart and bench:memory measure the built server, so build it first.
console.log('\n>>> npm run build');
if (spawnSync('npm', ['run', 'build'], { stdio: 'inherit' }).status !== 0) {
  console.log('\nthe build failed: no benchmark ran');
  process.exit(1);
}

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
