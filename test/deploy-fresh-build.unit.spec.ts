import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertFreshBuild } from '../scripts/deploy-check/fresh-build';

/** A checkout with one server source and a built entry point, each last written at the given second. */
function checkout(sourceAt: number, builtAt: number, source = 'apps/chat-server/src/cluster/x.ts') {
  const root = mkdtempSync(join(tmpdir(), 'fresh-build-'));
  for (const dir of ['apps/chat-server/src/cluster', 'libs/a/src', 'dist']) {
    mkdirSync(join(root, dir), { recursive: true });
  }
  const files: [string, number][] = [
    [source, sourceAt],
    ['libs/a/src/old.ts', 1_000],
    ['dist/main.js', builtAt],
  ];
  for (const [file, at] of files) {
    writeFileSync(join(root, file), '');
    utimesSync(join(root, file), at, at);
  }
  return { root, entry: join(root, 'dist/main.js') };
}

describe('check:deploy runs the nodes only from a dist/ built after the server sources', () => {
  const roots: string[] = [];
  afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true })));

  it('refuses a build older than a source, naming the source', () => {
    const { root, entry } = checkout(3_000, 2_000);
    roots.push(root);

    expect(() => assertFreshBuild(root, entry)).toThrow(
      'dist/ is older than apps/chat-server/src/cluster/x.ts: run npm run build first',
    );
  });

  it('accepts a build newer than every source; specs do not count', () => {
    const fresh = checkout(1_500, 2_000);
    const specLater = checkout(3_000, 2_000, 'apps/chat-server/src/cluster/x.unit.spec.ts');
    roots.push(fresh.root, specLater.root);

    expect(() => assertFreshBuild(fresh.root, fresh.entry)).not.toThrow();
    expect(() => assertFreshBuild(specLater.root, specLater.entry)).not.toThrow();
  });
});
