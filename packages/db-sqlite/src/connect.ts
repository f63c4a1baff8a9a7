import Database from 'better-sqlite3';
import type { Connector, Link, LinkContext, QueryResult, SqlLink } from '@omnidial/core/driver';
import { DialError, NO_COLUMNS } from '@omnidial/core/driver';
import type { SqliteEndpoint } from './driver.js';
import {
  dmlVerb,
  fromSqliteRows,
  fromSqliteValue,
  hasUnsafeInteger,
  toSqliteNumber,
  toSqliteParam,
  type SqliteParam,
} from './values.js';

type Db = Database.Database;
type Statement = Database.Statement<unknown[], unknown>;

/** A prepared statement with what `exec()` needs to know about it, computed once. */
interface Prepared {
  /** The statement's text, its key in the cache. */
  sql: string;
  statement: Statement;
  /** Column names of a statement that returns rows, frozen and shared by its results; undefined for one that does not. */
  columns: readonly string[] | undefined;
  /** `insert`, `replace`, `update` or `delete` for statements that change rows. */
  verb: string | undefined;
  /** `insert` or `replace`: the result carries `lastInsertId`. */
  inserts: boolean;
  /**
   * A read-only statement, read with plain numbers (no BigInt per integer) and read again with
   * safe integers only when a value is an integer beyond 2^53 (see {@link hasUnsafeInteger}).
   */
  fast: boolean;
  /** A read-only statement that returns rows and changes none: its result is only `{ columns, values }`. */
  select: boolean;
}

/** Named `mode=memory&cache=shared` databases of this thread, shared by every dial of the name. */
const sharedMemory = new Map<string, { db: Db; holders: number }>();
const STATEMENT_CACHE = 200;

function open(endpoint: SqliteEndpoint): { db: Db; release(): void } {
  const { target } = endpoint;
  if (target.kind === 'shared-memory') {
    let entry = sharedMemory.get(target.path);
    if (entry === undefined) {
      entry = { db: configure(new Database(':memory:'), endpoint), holders: 0 };
      sharedMemory.set(target.path, entry);
    }
    entry.holders += 1;
    const held = entry;
    return {
      db: held.db,
      release() {
        held.holders -= 1;
        if (held.holders > 0) return;
        sharedMemory.delete(target.path);
        held.db.close();
      },
    };
  }
  const filename = target.kind === 'memory' ? ':memory:' : target.path;
  const db = configure(
    new Database(filename, {
      readonly: target.readonly,
      fileMustExist: target.mustExist,
      timeout: endpoint.busyTimeoutMs,
    }),
    endpoint,
  );
  return { db, release: () => db.close() };
}

function configure(db: Db, endpoint: SqliteEndpoint): Db {
  db.defaultSafeIntegers(true);
  if (endpoint.target.kind !== 'file') db.pragma(`busy_timeout = ${endpoint.busyTimeoutMs}`);
  return db;
}

class SqliteLink implements SqlLink {
  readonly #context: LinkContext;
  readonly #db: Db;
  readonly #release: () => void;
  readonly #statements = new Map<string, Prepared>();
  /** `SELECT last_insert_rowid()` with safe integers, prepared on the first rowid beyond 2^53. */
  #rowid: Statement | undefined;
  #closed = false;
  /** The statement of the previous call: a loop over one statement skips the Map lookup (~15 ns). */
  #last: Prepared | undefined;

  constructor(context: LinkContext, db: Db, release: () => void) {
    this.#context = context;
    this.#db = db;
    this.#release = release;
  }

  exec(sql: string, params: readonly unknown[]): Promise<QueryResult> {
    // Synchronous work, no async frame: better-sqlite3 is synchronous and this is the hot path.
    try {
      return Promise.resolve(this.execNow(sql, params));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * The synchronous exec the core calls when the statement has no timeout or signal. Throws a
   * DialError. A repeat of the previous statement is all that is here, the rest in #other(): the
   * core's exec inlines this within V8's bytecode budget (bench/NOTES.md §33).
   */
  execNow(sql: string, params: readonly unknown[]): QueryResult {
    // A cached statement means an open link: close() empties the cache and forgets the last one.
    const last = this.#last;
    if (last === undefined || last.sql !== sql) return this.#other(sql, params);
    try {
      if (last.select) return { columns: last.columns!, values: readFast(last.statement, params) };
      return last.inserts ? this.#insert(last, params) : this.#run(last, params);
    } catch (error) {
      throw this.#fail(error);
    }
  }

  /** `execNow` of a statement other than the previous one: from the cache, or prepared now. */
  #other(sql: string, params: readonly unknown[]): QueryResult {
    try {
      const prepared = this.#statements.get(sql);
      if (prepared === undefined) return this.#first(sql, params);
      this.#last = prepared;
      return this.#run(prepared, params);
    } catch (error) {
      throw this.#fail(error);
    }
  }

  /**
   * `execMany()` without a timeout or signal: the first statement through `execNow`, which
   * prepares it, then the rest in a loop over the prepared statement, looked up once, that does
   * only what its kind needs (bench/NOTES.md §29).
   */
  execManyNow(sql: string, paramSets: readonly (readonly unknown[])[], results: QueryResult[]): void {
    results.push(this.execNow(sql, paramSets[0]!));
    const prepared = this.#statements.get(sql);
    try {
      if (prepared === undefined) {
        // A script of several statements, run whole each time.
        for (let i = 1; i < paramSets.length; i += 1) results.push(this.execNow(sql, paramSets[i]!));
      } else if (prepared.select) {
        const { statement, columns } = prepared;
        for (let i = 1; i < paramSets.length; i += 1)
          results.push({ columns: columns!, values: readFast(statement, paramSets[i]!) });
      } else if (prepared.inserts) {
        for (let i = 1; i < paramSets.length; i += 1) results.push(this.#insert(prepared, paramSets[i]!));
      } else {
        for (let i = 1; i < paramSets.length; i += 1) results.push(this.#run(prepared, paramSets[i]!));
      }
    } catch (error) {
      throw this.#fail(error);
    }
  }

  /** A statement not in the cache: prepared and run, or run as a script when it is several. */
  #first(sql: string, params: readonly unknown[]): QueryResult {
    if (this.#closed) throw this.#error('Closed', 'connection is closed');
    let prepared: Prepared;
    try {
      prepared = this.#prepare(sql);
    } catch (error) {
      if (params.length === 0 && error instanceof RangeError && /more than one statement/.test(error.message)) {
        this.#db.exec(sql);
        return { columns: NO_COLUMNS, values: [] };
      }
      throw error;
    }
    return this.#run(prepared, params);
  }

  #run(prepared: Prepared, params: readonly unknown[]): QueryResult {
    const { statement, columns, verb } = prepared;
    if (columns !== undefined) {
      const values = prepared.fast ? readFast(statement, params) : fromSqliteRows(all(statement, params));
      return verb === undefined ? { columns, values } : { columns, values, affectedRows: values.length };
    }
    if (prepared.inserts) return this.#insert(prepared, params);
    const info = run(statement, params);
    if (verb === undefined) return { columns: NO_COLUMNS, values: [] };
    return { columns: NO_COLUMNS, values: [], affectedRows: info.changes };
  }

  /**
   * An `insert` or `replace` without rows. Apart from {@link #run}, and called straight from
   * `execNow` for a repeated statement: a loop of inserts then runs none of #run's tests
   * (~35 ns of a ~1.5 µs insert, measured in one process against the same code inside #run).
   */
  #insert(prepared: Prepared, params: readonly unknown[]): QueryResult {
    // A statement without rows runs with plain numbers: `changes` is a number.
    const info = run(prepared.statement, params);
    return {
      columns: NO_COLUMNS,
      values: [],
      affectedRows: info.changes,
      lastInsertId: this.#lastInsertId(info.lastInsertRowid),
    };
  }

  /** The rowid as a number, or exactly as a bigint (asked again with safe integers) when beyond 2^53. */
  #lastInsertId(rowid: number | bigint): number | bigint {
    if (typeof rowid === 'number' && Number.isSafeInteger(rowid)) return rowid;
    this.#rowid ??= this.#db.prepare('SELECT last_insert_rowid()').pluck().safeIntegers(true);
    return fromSqliteValue(this.#rowid.get()) as number | bigint;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#statements.clear();
    this.#last = undefined;
    this.#release();
  }

  #prepare(sql: string): Prepared {
    const statement = this.#db.prepare(sql) as Statement;
    const columns = statement.reader
      ? Object.freeze(
          statement
            .raw(true)
            .columns()
            .map((c) => c.name),
        )
      : undefined;
    // Plain numbers out, except for statements that return rows and change data (RETURNING):
    // those cannot be run twice to re-read an int64 beyond 2^53.
    const fast = statement.reader && statement.readonly;
    if (fast || !statement.reader) statement.safeIntegers(false);
    const verb = dmlVerb(sql);
    const inserts = verb === 'insert' || verb === 'replace';
    const select = fast && verb === undefined;
    const prepared: Prepared = { sql, statement, columns, verb, inserts, fast, select };
    if (this.#statements.size >= STATEMENT_CACHE) this.#statements.delete(this.#statements.keys().next().value!);
    this.#statements.set(sql, prepared);
    return prepared;
  }

  #fail(error: unknown): DialError {
    if (error instanceof DialError) return error;
    if (error instanceof Unbindable) return this.#error('InvalidArgument', error.message);
    if (error instanceof Database.SqliteError) return this.#error('Query', error.message, error, error.code);
    if (error instanceof RangeError || error instanceof TypeError)
      return this.#error('InvalidArgument', error.message, error);
    return this.#error('Unknown', error instanceof Error ? error.message : String(error), error);
  }

  #error(code: DialError['code'], message: string, cause?: unknown, serverCode?: string): DialError {
    return this.#context.error(code, message, cause, { op: 'exec', serverCode });
  }
}

/**
 * `statement.all(...)` with every parameter converted for binding. Up to 4 are converted straight
 * into the arguments: an array argument or a spread costs better-sqlite3 about a tenth of a point
 * select, and an array of the converted values another 50 ns. `run()` below is its twin: one
 * function for both, calling `statement[method]` (a keyed call), cost a point select 15–20 ns.
 */
function all(statement: Statement, params: readonly unknown[]): unknown[][] {
  switch (params.length) {
    case 0:
      return statement.all() as unknown[][];
    case 1:
      return statement.all(param(params, 0)) as unknown[][];
    case 2:
      return statement.all(param(params, 0), param(params, 1)) as unknown[][];
    case 3:
      return statement.all(param(params, 0), param(params, 1), param(params, 2)) as unknown[][];
    case 4:
      return statement.all(param(params, 0), param(params, 1), param(params, 2), param(params, 3)) as unknown[][];
    default:
      return statement.all(params.map((_, i) => param(params, i))) as unknown[][];
  }
}

/** `statement.run(...)` with every parameter converted for binding, as `all()` does. */
function run(statement: Statement, params: readonly unknown[]): Database.RunResult {
  switch (params.length) {
    case 0:
      return statement.run();
    case 1:
      return statement.run(param(params, 0));
    case 2:
      return statement.run(param(params, 0), param(params, 1));
    case 3:
      return statement.run(param(params, 0), param(params, 1), param(params, 2));
    case 4:
      return statement.run(param(params, 0), param(params, 1), param(params, 2), param(params, 3));
    default:
      return statement.run(params.map((_, i) => param(params, i)));
  }
}

/** Parameter `i` converted for binding; throws `Unbindable` for a value that has no SQLite type. */
function param(params: readonly unknown[], i: number): SqliteParam {
  const given = params[i];
  // Numbers and strings first, without the general conversion's other cases (~20 ns an insert).
  if (typeof given === 'number') return toSqliteNumber(given);
  if (typeof given === 'string') return given;
  const value = toSqliteParam(given);
  if (value === undefined) throw new Unbindable(given, i);
  return value;
}

/** A parameter that cannot be bound; `execNow` reports it as `InvalidArgument`. */
class Unbindable extends Error {
  constructor(value: unknown, index: number) {
    super(
      `parameter ${index + 1} cannot be bound: ${Object.prototype.toString.call(value)} (use a number, bigint, string, boolean, Date, Buffer or null)`,
    );
  }
}

/**
 * Rows of a read-only statement read with plain numbers; read again with safe integers (an
 * int64 beyond 2^53 comes back as a bigint, as from every other statement) when a value may
 * have lost precision. Both reads run in one synchronous turn of this thread.
 */
function readFast(statement: Statement, params: readonly unknown[]): unknown[][] {
  const rows = all(statement, params);
  return hasUnsafeInteger(rows) ? readExact(statement, params) : rows;
}

/** The statement run again with safe integers, its INTEGERs beyond 2^53 as bigints (apart: rarely run). */
function readExact(statement: Statement, params: readonly unknown[]): unknown[][] {
  statement.safeIntegers(true);
  try {
    return fromSqliteRows(all(statement, params));
  } finally {
    statement.safeIntegers(false);
  }
}

/** Opens the database file (or in-memory database) named by the endpoint. */
export const connector: Connector<SqliteEndpoint> = {
  async connect(endpoint: SqliteEndpoint, context: LinkContext): Promise<Link> {
    let opened: ReturnType<typeof open>;
    try {
      opened = open(endpoint);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const code = /unable to open|does not exist|no such file/i.test(message)
        ? 'NotFound'
        : /readonly|permission|access/i.test(message)
          ? 'PermissionDenied'
          : 'Unavailable';
      throw context.error(code, `cannot open ${endpoint.redacted}: ${message}`, error);
    }
    return new SqliteLink(context, opened.db, opened.release);
  },
};
