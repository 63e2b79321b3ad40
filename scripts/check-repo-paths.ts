/**
 * Fails when a file in the repository points outside it: a fresh clone has nothing beside it, so
 * anything read through parent-directory steps above the root or an absolute machine path works only on one machine.
 * Run by `npm run lint`; `findEscapes` is the rule, unit-tested in test/repo-paths.unit.spec.ts.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, posix } from 'node:path';

export interface Escape {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly reason: string;
}

/** Absolute paths that only exist on one machine: a developer's or CI's (temporary files included: a fresh clone has none), or Linux's kernel files (a benchmark reads what the server reports instead). */
const MACHINE_PATHS = /(?<![\w.$-])\/(?:work|home|Users|root|mnt|tmp|proc|sys)\/[\w.<*-]/;
/** Parent steps written as one string (`..` + `/` repeated), or as `'..'` path segments. */
const JOINED_UPS = /(?<![\w.])(?:\.\.\/)+/g;
const SEGMENT_UPS = /(?:(['"`])\.\.\1\s*,\s*)+/g;

const depthOf = (file: string): number => {
  const dir = posix.normalize(dirname(file));
  return dir === '.' ? 0 : dir.split('/').length;
};

const upsIn = (line: string): number[] => [
  ...[...line.matchAll(JOINED_UPS)].map((m) => m[0].length / 3),
  ...[...line.matchAll(SEGMENT_UPS)].map((m) => (m[0].match(/\.\./g) ?? []).length),
];

/** Every line of `content` (the text of repository-relative `file`) that reaches outside the root. */
export function findEscapes(file: string, content: string): Escape[] {
  const depth = depthOf(file);
  return content.split('\n').flatMap((text, index) => {
    const found: Escape[] = [];
    if (MACHINE_PATHS.test(text))
      found.push({ file, line: index + 1, text, reason: 'absolute machine path' });
    const ups = Math.max(0, ...upsIn(text));
    if (ups > depth)
      found.push({ file, line: index + 1, text, reason: `${ups} levels up from depth ${depth}` });
    return found;
  });
}

/** Generated or vendored files whose paths are not ours to choose. */
const SKIPPED = [/^package-lock\.json$/];

function repositoryFiles(): string[] {
  const out = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      encoding: 'utf8',
    },
  );
  return out.split('\0').filter((file) => file && !SKIPPED.some((skip) => skip.test(file)));
}

function readText(file: string): string | undefined {
  try {
    const bytes = readFileSync(file);
    return bytes.includes(0) ? undefined : bytes.toString('utf8');
  } catch {
    return undefined; // listed by git but deleted in the work tree
  }
}

function main(): void {
  const escapes = repositoryFiles().flatMap((file) => {
    const content = readText(file);
    return content === undefined ? [] : findEscapes(file, content);
  });
  for (const e of escapes) console.error(`${e.file}:${e.line}: ${e.reason}: ${e.text.trim()}`);
  if (escapes.length > 0) {
    console.error(
      `${escapes.length} reference(s) outside the repository; keep what the project needs inside it.`,
    );
    process.exit(1);
  }
  console.log('check-repo-paths: every reference stays inside the repository');
}

if (require.main === module) main();
