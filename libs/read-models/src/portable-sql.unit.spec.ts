import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The read models' SQL runs on SQLite and on PostgreSQL as written
 * (docs/projections.md, "Portable SQL"). What either dialect reads
 * differently is listed here, once, and searched for in every file that
 * holds read-model SQL: a regression fails here, not on the other database.
 */
const FORBIDDEN: readonly { readonly rule: string; readonly pattern: RegExp }[] = [
  { rule: 'INSERT … ON CONFLICT, not INSERT OR IGNORE/REPLACE', pattern: /\bINSERT\s+OR\b/i },
  { rule: 'REPLACE INTO is SQLite only', pattern: /\bREPLACE\s+INTO\b/i },
  { rule: 'no rowid: order by a column of the table', pattern: /\browid\b/i },
  { rule: 'COALESCE, not IFNULL', pattern: /\bIFNULL\s*\(/i },
  {
    rule: 'no two-argument MAX/MIN (an aggregate on PostgreSQL): use CASE',
    pattern: /(?<!Math\.)\b(?:MAX|MIN)\s*\([^()]*,/i,
  },
  { rule: 'DOUBLE PRECISION, not REAL (4 bytes on PostgreSQL)', pattern: /\s(?:REAL|FLOAT)\b/ },
  {
    rule: 'milliseconds, positions and watermarks are BIGINT',
    pattern: /\b(?:\w+_at|\w+_ms|position|\w*watermark)\s+INTEGER\b/i,
  },
  {
    rule: 'placeholders are ? only',
    pattern: /\$\d|[^:]:[a-z_]+\b(?=[^`]*`)|@[a-z_]+\b(?=[^`]*`)/,
  },
  { rule: 'aliases are snake_case', pattern: /\bAS\s+"?[a-z]+[A-Z]\w*/ },
  {
    rule: 'LIKE compares lower(col) with lower(?): PostgreSQL is case-sensitive',
    pattern: /(?<!lower\([\w.]+\)\s)\bLIKE\b/,
  },
  { rule: 'no AUTOINCREMENT / SERIAL', pattern: /\b(?:AUTOINCREMENT|SERIAL)\b/i },
  {
    rule: 'no dialect functions (strftime, datetime, json_extract, GLOB, ILIKE)',
    pattern: /\b(?:strftime|datetime|julianday|json_extract|GLOB|ILIKE)\b/i,
  },
  {
    rule: 'DDL is CREATE … IF NOT EXISTS',
    pattern: /\bCREATE\s+(?:UNIQUE\s+)?(?:TABLE|INDEX)\s+(?!IF NOT EXISTS)/i,
  },
  { rule: 'DROP TABLE IF EXISTS', pattern: /\bDROP\s+TABLE\s+(?!IF EXISTS)/i },
];

const ROOT = join(__dirname, '..', '..', '..');
const READ_MODELS = join(ROOT, 'libs', 'read-models', 'src');
/** The runner's own SQL (the checkpoints) follows the same rules. */
const PROCESSING = [
  'projection-checkpoints.ts',
  'prepare-read-models.ts',
  'read-model-diff.ts',
].map((file) => join(ROOT, 'libs', 'processing', 'src', file));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return /\.(sql|projection)\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** SQL sits in string literals; comments (which explain the rules) are left out. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

function violations(files: readonly string[]): string[] {
  return files.flatMap((file) => {
    const lines = withoutComments(readFileSync(file, 'utf8')).split('\n');
    return lines.flatMap((line, index) =>
      FORBIDDEN.filter(({ pattern }) => pattern.test(line)).map(
        ({ rule }) => `${relative(ROOT, file)}:${index + 1}: ${rule}: ${line.trim()}`,
      ),
    );
  });
}

describe('read-model SQL is portable (SQLite and PostgreSQL)', () => {
  const files = [...filesUnder(READ_MODELS), ...PROCESSING];

  it('finds the files that hold it', () => {
    expect(files.filter((f) => f.endsWith('.sql.ts')).length).toBeGreaterThanOrEqual(5);
  });

  it('uses none of the constructs the dialects disagree on', () => {
    expect(violations(files)).toEqual([]);
  });

  it('would catch each construct (the rules are not vacuous)', () => {
    const samples = [
      'INSERT OR IGNORE INTO t (a) VALUES (?)',
      'REPLACE INTO t (a) VALUES (?)',
      'ORDER BY conversation_id, rowid',
      'SELECT IFNULL(a, 0) FROM t',
      'SET w = max(w, ?)',
      '  percent REAL NOT NULL,',
      '  started_at INTEGER NOT NULL,',
      '`SELECT * FROM t WHERE a = $1`',
      'SELECT count(*) AS totalCount FROM t',
      "WHERE c.customer_name LIKE ? ESCAPE '\\\\'",
      'id INTEGER PRIMARY KEY AUTOINCREMENT',
      "SELECT strftime('%s', at) FROM t",
      'CREATE TABLE t (a TEXT)',
      'DROP TABLE t',
    ];
    const caught = samples.filter((sample) =>
      FORBIDDEN.some(({ pattern }) => pattern.test(sample)),
    );
    expect(caught).toEqual(samples);
    expect(
      FORBIDDEN.some(({ pattern }) =>
        pattern.test("(lower(c.customer_name) LIKE ? ESCAPE '\\\\' OR lower(k.value) LIKE ?"),
      ),
    ).toBe(false);
  });
});
