/**
 * Client-side parameter binding for ClickHouse servers without server-side query parameters.
 * Every value becomes a SQL literal built here — never by pasting the caller's text — so a
 * parameter always stays data.
 */

/** Thrown for a value that has no ClickHouse literal (functions, symbols, plain objects). */
export class UnbindableValue extends Error {
  override readonly name = 'UnbindableValue';
}

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\0': '\\0',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** `'text'` with backslash, quote and control characters escaped. */
export function quoteString(text: string): string {
  return `'${text.replace(/[\\'\0\n\r\t\b\f]/g, (c) => ESCAPES[c]!)}'`;
}

/** Bytes as a string literal of `\xHH` escapes (a ClickHouse `String` holds arbitrary bytes). */
export function quoteBytes(bytes: Uint8Array): string {
  let out = "'";
  for (const byte of bytes) out += `\\x${byte.toString(16).padStart(2, '0')}`;
  return `${out}'`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The literal for one value (a leading space keeps `1-?` with -5 from becoming a `--` comment). */
export function toLiteral(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return quoteString(value);
    case 'number':
      if (Number.isNaN(value)) return 'nan';
      if (!Number.isFinite(value)) return value > 0 ? 'inf' : ' -inf';
      return value < 0 || Object.is(value, -0) ? ` ${String(value)}` : String(value);
    case 'bigint':
      return value < 0n ? ` ${value.toString()}` : value.toString();
    case 'boolean':
      return value ? '1' : '0';
    case 'undefined':
      return 'NULL';
    case 'object': {
      if (value === null) return 'NULL';
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new UnbindableValue('invalid Date');
        const d = value;
        const text = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
        return `toDateTime(${quoteString(text)}, 'UTC')`;
      }
      if (ArrayBuffer.isView(value))
        return quoteBytes(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      if (Array.isArray(value)) return `[${value.map((v) => toLiteral(v).trim()).join(', ')}]`;
      throw new UnbindableValue(`${Object.prototype.toString.call(value)} has no ClickHouse literal`);
    }
    default:
      throw new UnbindableValue(`a ${typeof value} has no ClickHouse literal`);
  }
}

/**
 * Replaces each `?` outside string literals, quoted identifiers (`".."`, `` `..` ``) and
 * comments (`--`, `#`, `/* *\/`) with the literal of the next parameter.
 * @throws RangeError when the number of `?` and of parameters differ.
 */
export function bindParams(sql: string, params: readonly unknown[]): string {
  if (params.length === 0) return sql;
  let out = '';
  let next = 0;
  for (let at = 0; at < sql.length;) {
    const end = skipQuoted(sql, at);
    if (end > at) {
      out += sql.slice(at, end);
      at = end;
      continue;
    }
    if (sql[at] === '?') {
      if (next >= params.length)
        throw new RangeError(`the statement has more ? placeholders than the ${params.length} parameters given`);
      out += toLiteral(params[next++]);
    } else {
      out += sql[at];
    }
    at += 1;
  }
  if (next !== params.length)
    throw new RangeError(`${params.length} parameters given but the statement has ${next} ? placeholders`);
  return out;
}

function skipQuoted(sql: string, at: number): number {
  const c = sql[at];
  if (c === "'" || c === '"' || c === '`') {
    for (let i = at + 1; i < sql.length; i++) {
      if (sql[i] === '\\') {
        i++;
        continue;
      }
      if (sql[i] === c) {
        if (sql[i + 1] === c) {
          i++;
          continue;
        }
        return i + 1;
      }
    }
    return sql.length;
  }
  if ((c === '-' && sql[at + 1] === '-') || c === '#') {
    const end = sql.indexOf('\n', at);
    return end < 0 ? sql.length : end + 1;
  }
  if (c === '/' && sql[at + 1] === '*') {
    const end = sql.indexOf('*/', at + 2);
    return end < 0 ? sql.length : end + 2;
  }
  return at;
}
