import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

/** Every benchmark prints a table and writes the same figures as JSON under bench/results. */
export function report(name: string, figures: Record<string, number | string>): void {
  const machine = {
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  console.log(
    `\n== ${name} (${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node})`,
  );
  for (const [key, value] of Object.entries(figures)) {
    console.log(`${key.padEnd(44)} ${typeof value === 'number' ? formatNumber(value) : value}`);
  }
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${name}.json`),
    JSON.stringify({ name, at: new Date().toISOString(), machine, figures }, null, 2),
  );
}

const formatNumber = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en') : n.toFixed(2));

export const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000);
