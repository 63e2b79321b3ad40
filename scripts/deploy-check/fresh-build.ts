import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** What the nodes of the check are built from (the desktop is not served by them). */
const SOURCE_DIRS = ['apps/chat-server/src', 'libs'];

function newestSource(dir: string): { path: string; mtimeMs: number } | undefined {
  let newest: { path: string; mtimeMs: number } | undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    const found = entry.isDirectory()
      ? newestSource(path)
      : entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')
        ? { path, mtimeMs: statSync(path).mtimeMs }
        : undefined;
    if (found && (!newest || found.mtimeMs > newest.mtimeMs)) newest = found;
  }
  return newest;
}

/**
 * Throws when a server source is newer than the built entry point. The nodes run dist/ while
 * the check's own code (its socket client, the TTL it prints) comes from the sources: a dist/
 * left from before the row lease's 3.5 s default ran the old 5 s TTL and moved the leases in
 * 5.0-5.6 s, under a line saying "default TTL, 3500 ms" (docs/deploy.md, "Printed on this machine").
 */
export function assertFreshBuild(root: string, entry: string): void {
  const built = statSync(entry).mtimeMs;
  for (const dir of SOURCE_DIRS) {
    const newest = newestSource(join(root, dir));
    if (newest && newest.mtimeMs > built)
      throw new Error(
        `dist/ is older than ${relative(root, newest.path)}: run npm run build first (the nodes run dist/)`,
      );
  }
}
