/**
 * Rewrites `?` placeholders to PostgreSQL's `$1, $2, ...`, skipping string literals
 * (`'..'`, `E'..'`, `$tag$..$tag$`), quoted identifiers (`".."`) and comments (`--`, nested
 * `/* *\/`). Returns the statement unchanged when it already uses `$n` placeholders, so the
 * jsonb operators `?`, `?|`, `?&` can be used there. Returns the number of `?` replaced.
 */
export function toNumbered(sql: string): { sql: string; count: number } {
  if (/\$\d/.test(stripLiterals(sql))) return { sql, count: 0 };
  let out = '';
  let count = 0;
  let at = 0;
  while (at < sql.length) {
    const skip = literalEnd(sql, at);
    if (skip > at) {
      out += sql.slice(at, skip);
      at = skip;
    } else if (sql[at] === '?') {
      out += `$${++count}`;
      at += 1;
    } else {
      out += sql[at];
      at += 1;
    }
  }
  return { sql: out, count };
}

/** The statement with literals, identifiers and comments removed (to look for `$n`). */
function stripLiterals(sql: string): string {
  let out = '';
  for (let at = 0; at < sql.length;) {
    const skip = literalEnd(sql, at);
    if (skip > at) {
      out += ' ';
      at = skip;
    } else {
      out += sql[at];
      at += 1;
    }
  }
  return out;
}

/** If a literal, quoted identifier or comment starts at `at`, the index just after it; else `at`. */
function literalEnd(sql: string, at: number): number {
  const c = sql[at];
  const next = sql[at + 1];
  if (c === "'") {
    const escapes = at > 0 && /[eE]/.test(sql[at - 1]!) && !/[A-Za-z0-9_]/.test(sql[at - 2] ?? ' ');
    return quoted(sql, at, "'", escapes);
  }
  if (c === '"') return quoted(sql, at, '"', false);
  if (c === '-' && next === '-') {
    const end = sql.indexOf('\n', at);
    return end < 0 ? sql.length : end + 1;
  }
  if (c === '/' && next === '*') {
    let depth = 0;
    for (let i = at; i < sql.length - 1; i++) {
      if (sql[i] === '/' && sql[i + 1] === '*') {
        depth++;
        i++;
      } else if (sql[i] === '*' && sql[i + 1] === '/') {
        depth--;
        i++;
        if (depth === 0) return i + 1;
      }
    }
    return sql.length;
  }
  if (c === '$' && !/[A-Za-z0-9_]/.test(sql[at - 1] ?? ' ')) {
    const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(at));
    if (tag !== null) {
      const end = sql.indexOf(tag[0], at + tag[0].length);
      return end < 0 ? sql.length : end + tag[0].length;
    }
  }
  return at;
}

function quoted(sql: string, at: number, quote: string, backslashEscapes: boolean): number {
  for (let i = at + 1; i < sql.length; i++) {
    if (backslashEscapes && sql[i] === '\\') {
      i++;
      continue;
    }
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i++;
        continue;
      }
      return i + 1;
    }
  }
  return sql.length;
}
