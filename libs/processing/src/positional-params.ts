/** SQL turned from `?` placeholders into PostgreSQL's `$1…`, and how many it has. */
export interface PositionalSql {
  readonly text: string;
  readonly count: number;
}

/**
 * Rewrites each `?` outside quoted text and comments to `$n`, left to right.
 * Skipped: '…' strings (a doubled '' stays inside), "…" identifiers, `--`
 * line comments and `/* … *\/` block comments (PostgreSQL nests them).
 * Portable SQL has no `?`-operators (jsonb's `?`, `?|`, `?&`): SQLite has none.
 */
export function toPositional(sql: string): PositionalSql {
  let text = '';
  let count = 0;
  let i = 0;
  while (i < sql.length) {
    const end = skipQuotedOrComment(sql, i);
    if (end > i) {
      text += sql.slice(i, end);
      i = end;
    } else if (sql[i] === '?') {
      text += `$${++count}`;
      i += 1;
    } else {
      text += sql[i];
      i += 1;
    }
  }
  return { text, count };
}

/** Where the quoted text or comment starting at `i` ends (exclusive); `i` when none starts there. */
function skipQuotedOrComment(sql: string, i: number): number {
  const char = sql[i];
  if (char === "'" || char === '"') return closingQuote(sql, i, char);
  if (char === '-' && sql[i + 1] === '-') {
    const newline = sql.indexOf('\n', i + 2);
    return newline === -1 ? sql.length : newline;
  }
  if (char === '/' && sql[i + 1] === '*') return blockCommentEnd(sql, i);
  return i;
}

/** A doubled quote is the quote character itself, not the end. Unterminated text runs to the end. */
function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] !== quote) return i + 1;
      i += 2;
    } else i += 1;
  }
  return sql.length;
}

function blockCommentEnd(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth += 1;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else i += 1;
  }
  return sql.length;
}
