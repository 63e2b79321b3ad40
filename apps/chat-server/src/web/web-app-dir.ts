import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The built web app (`npm run build`), or undefined when it has not been built (tests, `start:dev`). */
export function webAppDir(configured: string): string | undefined {
  const dir = resolve(configured);
  return existsSync(join(dir, 'index.html')) ? dir : undefined;
}
