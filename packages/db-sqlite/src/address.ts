import { DialError, type OptionSchema, type ResolvedOptions } from '@omnidial/core/driver';

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

/**
 * SQLite's URI filename keys: accepted in the address's `?query` (`file:test.db?mode=ro`) and
 * after `|`, on every form of the address.
 */
export const SQLITE_OPTIONS: OptionSchema = {
  mode: {
    type: 'enum',
    values: ['ro', 'rw', 'rwc', 'memory'],
    description:
      'SQLite URI key: ro (read-only, the file must exist), rw (must exist), rwc (created if missing; the default), memory (in-memory).',
  },
  cache: {
    type: 'enum',
    values: ['private', 'shared'],
    description:
      'SQLite URI key: shared makes a named in-memory database (file:NAME?mode=memory&cache=shared) shared by the connections of this thread. Default private.',
  },
};

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
 * filenames `file:test.db?cache=shared&mode=memory`. `url` is the address without its
 * `?query`, whose keys `mode` and `cache` the core has read into `options`. No I/O.
 *
 * @throws DialError `InvalidArgument` for an empty path or one holding a NUL byte.
 */
export function parseSqliteAddress(scheme: string, url: string, options: ResolvedOptions): SqliteTarget {
  let path = url.slice(scheme.length + 3);
  if (path.startsWith('file:')) path = path.slice(5);
  if (path.startsWith('//')) path = path.slice(2); // file:///abs/path.db
  path = decode(path, scheme, url);
  // SQLite takes a C string: a NUL would cut the path and open another file.
  if (path.includes('\0')) fail('the database path contains a NUL byte (%00)', scheme, url);
  const mode = String(options.mode ?? 'rwc');
  const cache = String(options.cache ?? 'private');

  if (path === ':memory:' || mode === 'memory') {
    const shared = cache === 'shared' && path !== ':memory:' && path !== '';
    return { kind: shared ? 'shared-memory' : 'memory', path: shared ? path : '', readonly: false, mustExist: false };
  }
  if (path === '')
    fail('the address names no database file; e.g. sqlite3://test1.db or sqlite3://:memory:', scheme, url);
  return { kind: 'file', path, readonly: mode === 'ro', mustExist: mode === 'ro' || mode === 'rw' };
}
