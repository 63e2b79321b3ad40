import { findEscapes } from '../scripts/check-repo-paths';

// The planted violations are assembled at run time so that this file itself passes the check.
const up = (levels: number) => '../'.repeat(levels);
const machinePath = ['', 'work', 'elsewhere', 'fixtures'].join('/');

describe('check-repo-paths: nothing in the repository reads outside it', () => {
  it('flags the fixture path a fresh clone could not resolve', () => {
    const line = `export const FIXTURE_DIR = join(__dirname, '${up(4)}elsewhere/fixtures');`;

    const escapes = findEscapes('test/support/messenger/webhooks.ts', line);

    expect(escapes).toEqual([
      expect.objectContaining({ line: 1, reason: '4 levels up from depth 3' }),
    ]);
  });

  it('flags parent steps given as separate path segments', () => {
    const dots = "'..', ".repeat(3);

    const escapes = findEscapes('libs/a/b.ts', `resolve(__dirname, ${dots}'x')`);

    expect(escapes.map((e) => e.reason)).toEqual(['3 levels up from depth 2']);
  });

  it('flags absolute paths of one machine', () => {
    const escapes = findEscapes('docs/x.md', `Fixtures live in ${machinePath}.\nok\n`);

    expect(escapes).toEqual([
      expect.objectContaining({ line: 1, reason: 'absolute machine path' }),
    ]);
  });

  it('flags a temporary file one machine happened to have', () => {
    const script = ['', 'tmp', 'bench-run.sh'].join('/');

    const escapes = findEscapes('BENCHMARKS.md', `Ran \`${script}\` twice.`);

    expect(escapes.map((e) => e.reason)).toEqual(['absolute machine path']);
  });

  it("flags the kernel's process files, which exist on Linux only", () => {
    const task = ['', 'proc', '<pid>', 'task'].join('/');
    const status = ['', 'proc', 'self', 'status'].join('/');
    const autogroup = ['', 'proc', 'sys', 'kernel', 'sched_autogroup_enabled'].join('/');

    const escapes = findEscapes(
      'bench/x.bench.ts',
      [`readdirSync(\`${task}\`)`, `readFileSync('${status}')`, `cat ${autogroup}`].join('\n'),
    );

    expect(escapes.map((e) => e.line)).toEqual([1, 2, 3]);
  });

  it('accepts paths that stay inside the repository', () => {
    const content = [
      `const FIXTURES = join(__dirname, '${up(4)}test/fixtures/messenger');`,
      "import { request } from '../shared/api';",
      'See https://developers.facebook.com/docs/home/x and /api/docs.',
    ].join('\n');

    expect(findEscapes('libs/messenger/src/testing/fixtures.ts', content)).toEqual([]);
  });
});
