import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

/**
 * TEST_SERVER=dist (test:ci sets it, after its build): the node arguments that run the
 * built entry point `apps/…/src/<name>` as production runs it, so no test spends seconds
 * of CPU compiling the sources each time it starts a process (the chaos tests start the
 * server a dozen times, the CLI spec runs the CLI 18 times). Otherwise the sources,
 * so a change is tested without a build.
 */
export function entryArgs(entry: string): string[] {
  const built = builtEntry(entry);
  return built ? [built] : ['-r', '@swc-node/register', join(ROOT, `${entry}.ts`)];
}

/** The built file of `apps/…/src/<name>` under TEST_SERVER=dist, else undefined (use the sources). */
export function builtEntry(entry: string): string | undefined {
  if (process.env.TEST_SERVER !== 'dist') return undefined;
  const built = join(ROOT, 'dist', `${entry}.js`);
  if (!existsSync(built))
    throw new Error(`TEST_SERVER=dist but ${built} is missing: npm run build`);
  return built;
}
