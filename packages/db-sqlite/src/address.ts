import { DialError } from '@omnidial/core/driver';

/** Where a `sqlite3://` address points, decided without touching the file system. */
export interface SqliteTarget {
  /**
   * `file`: a database file (`path` relative to the working directory or absolute).
   * `memory`: a private in-memory database, new for every dial.
   * `shared-memory`: a named in-memory database shared by every connection of this thread that
   * dials the same name (SQLite's `file:NAME?mode=memory&cache=shared`).
   */
  readonly kind: 'file' | 'memory' | 'shared-memory';
  /** File path, or the shared in-memory database's name. Empty for `memory`. */
  readonly path: string;
  /** Open read-only (`mode=ro`). */
  readonly readonly: boolean;
  /** Fail when the file does not exist (`mode=ro` and `mode=rw`) instead of creating it. */
  readonly mustExist: boolean;
}

const URI_KEYS = ['mode', 'cache'] as const;
const MODES = ['ro', 'rw', 'rwc', 'memory'] as const;

function invalid(message: string, scheme: string, address: string): DialError {
  return new DialError({ code: 'InvalidArgument', op: 'parse', scheme, address, message: `${scheme}: ${message}` });
}

function decode(text: string, scheme: string, address: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return fail(`malformed percent-encoding in ${JSON.stringify(text)}`, scheme, address);
  }
}

function fail(message: string, scheme: string, address: string): never {
  throw invalid(message, scheme, address);
}

/**
 * Parses the part after `sqlite3://` (docs/design.md#databases): `test1.db` (relative to the working
 * directory), `/abs/path.db` (from `sqlite3:///abs/path.db`), `:memory:`, and SQLite URI
 * filenames `file:test.db?cache=shared&mode=memory`. Query keys `mode` (`ro`, `rw`, `rwc`,
 * `memory`) and `cache` (`private`, `shared`) are accepted on every form. No I/O.
 *
 * @throws DialError `InvalidArgument` for an empty path or an unknown query key or value.
 */
export function parseSqliteAddress(scheme: string, base: string): SqliteTarget {
  const rest = base.slice(scheme.length + 3);
  const mark = rest.indexOf('?');
  let path = mark >= 0 ? rest.slice(0, mark) : rest;
  const query = mark >= 0 ? rest.slice(mark + 1) : '';
  if (path.startsWith('file:')) path = path.slice(5);
  if (path.startsWith('//')) path = path.slice(2); // file:///abs/path.db
  path = decode(path, scheme, base);
  // SQLite takes a C string: a NUL would cut the path and open another file.
  if (path.includes('\0')) fail('the database path contains a NUL byte (%00)', scheme, base);

  const params = new Map<string, string>();
  for (const pair of query === '' ? [] : query.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq >= 0 ? pair.slice(0, eq) : pair;
    const value = decode(eq >= 0 ? pair.slice(eq + 1) : '', scheme, base);
    if (!(URI_KEYS as readonly string[]).includes(key)) {
      fail(
        `unknown query key ${JSON.stringify(key)} in the database address; known: ${URI_KEYS.join(', ')}`,
        scheme,
        base,
      );
    }
    params.set(key, value);
  }
  const mode = params.get('mode') ?? 'rwc';
  if (!(MODES as readonly string[]).includes(mode))
    fail(`mode must be one of ${MODES.join(', ')}, got ${JSON.stringify(mode)}`, scheme, base);
  const cache = params.get('cache') ?? 'private';
  if (cache !== 'private' && cache !== 'shared')
    fail(`cache must be private or shared, got ${JSON.stringify(cache)}`, scheme, base);

  if (path === ':memory:' || mode === 'memory') {
    const shared = cache === 'shared' && path !== ':memory:' && path !== '';
    return { kind: shared ? 'shared-memory' : 'memory', path: shared ? path : '', readonly: false, mustExist: false };
  }
  if (path === '')
    fail('the address names no database file; e.g. sqlite3://test1.db or sqlite3://:memory:', scheme, base);
  return { kind: 'file', path, readonly: mode === 'ro', mustExist: mode === 'ro' || mode === 'rw' };
}
