import { createPool, type FieldPacket, type Pool, type ResultSetHeader } from 'mysql2/promise';
import type { Connector, Link, LinkContext, QueryResult, SqlLink } from '@omnidial/core/driver';
import {
  certificateError,
  DialError,
  loadTls,
  NO_COLUMNS,
  openProbedPool,
  tlsSettingsIf,
  type NodeTlsOptions,
} from '@omnidial/core/driver';
import type { MysqlEndpoint } from './driver.js';
import { convertRows, toInteger, toMysqlParam } from './values.js';

/** Errors of the link itself (not of a statement): the server went away or cannot be reached. */
const NETWORK =
  /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|PROTOCOL_CONNECTION_LOST|PROTOCOL_SEQUENCE_TIMEOUT|ER_SERVER_SHUTDOWN|ER_CON_COUNT_ERROR)$/;

interface MysqlError extends Error {
  code?: string;
  errno?: number;
  sqlState?: string;
  sqlMessage?: string;
  fatal?: boolean;
}

/**
 * The TLS options of a pool, from `tls=` and the core's TLS resolver (`tls=skip-verify` is
 * `insecure=true`). mysql2 always names the server by the address's host, so `servername=`
 * is refused rather than ignored.
 */
async function sslOptions(endpoint: MysqlEndpoint, context: LinkContext): Promise<NodeTlsOptions | undefined> {
  const t = endpoint.target;
  const settings = tlsSettingsIf(t.tls !== 'off', context.options, endpoint.scheme, 'add ?tls=true');
  if (settings === undefined) return undefined;
  if (settings.servername !== undefined) {
    throw context.error(
      'InvalidArgument',
      'servername= is not supported by the MySQL client (it checks the certificate against the host of the address)',
    );
  }
  return loadTls({ ...settings, insecure: settings.insecure || t.tls === 'skip-verify' }, t.host, context);
}

function makePool(endpoint: MysqlEndpoint, connectTimeoutMs: number, ssl: NodeTlsOptions | undefined): Pool {
  const t = endpoint.target;
  return createPool({
    host: t.host,
    port: t.port,
    socketPath: t.socketPath,
    user: t.user,
    password: t.password,
    database: t.database === '' ? undefined : t.database,
    charset: t.charset,
    timezone: t.timezone,
    connectTimeout: t.connectTimeoutMs ?? connectTimeoutMs,
    ssl,
    multipleStatements: t.multipleStatements,
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: ['DATE'],
    rowsAsArray: true,
    // mysql2/promise captures a stack trace at every call (1.5–10 µs each, more under a deeper
    // caller; about a quarter of a point select's client CPU on loopback) to show the caller in a
    // failure's stack; our DialError carries its own (ADR 0303).
    trace: false,
    connectionLimit: endpoint.poolSize,
    maxIdle: endpoint.poolSize,
    enableKeepAlive: true,
    waitForConnections: true,
  });
}

class MysqlLink implements SqlLink {
  readonly #context: LinkContext;
  readonly #pool: Pool;
  #closed = false;

  constructor(context: LinkContext, pool: Pool) {
    this.#context = context;
    this.#pool = pool;
  }

  async exec(sql: string, params: readonly unknown[]): Promise<QueryResult> {
    if (this.#closed) throw this.#error('Closed', 'connection is closed');
    const bound = params.map((value, i) => {
      const converted = toMysqlParam(value);
      if (converted === undefined)
        throw this.#error(
          'InvalidArgument',
          `parameter ${i + 1} cannot be bound: ${Object.prototype.toString.call(value)}`,
        );
      return converted;
    });
    let outcome: [unknown, FieldPacket[] | undefined];
    try {
      // Bound parameters use server-side prepared statements (cached per pooled connection).
      outcome = bound.length > 0 ? await this.#pool.execute(sql, bound as never[]) : await this.#pool.query(sql);
    } catch (error) {
      throw this.#fail(error);
    }
    return toResult(outcome[0], outcome[1]);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end().catch(() => undefined);
  }

  #fail(error: unknown): DialError {
    if (error instanceof DialError) return error;
    const e = error as MysqlError;
    const message = e?.sqlMessage ?? (e instanceof Error ? e.message : String(error));
    if (e?.fatal === true || NETWORK.test(e?.code ?? ''))
      return this.#error('Unavailable', `${e.code ?? 'error'}: ${message}`, error);
    if (typeof e?.errno === 'number') {
      return this.#error('Query', `${e.code ?? 'error'} (${e.errno}/${e.sqlState ?? '?'}): ${message}`, error, e.errno);
    }
    return this.#error('Unknown', message, error);
  }

  #error(code: DialError['code'], message: string, cause?: unknown, serverCode?: number): DialError {
    return this.#context.error(code, message, cause, { op: 'exec', serverCode });
  }
}

function toResult(rows: unknown, fields: FieldPacket[] | undefined): QueryResult {
  if (Array.isArray(rows) && fields !== undefined) {
    return { columns: Object.freeze(fields.map((f) => f.name)), values: convertRows(rows as unknown[][], fields) };
  }
  if (Array.isArray(rows)) return toResult(rows.at(-1), undefined); // multiStatements: the last result
  const header = rows as ResultSetHeader;
  const insertId = header.insertId as number | string | undefined;
  const result: QueryResult = { columns: NO_COLUMNS, values: [], affectedRows: header.affectedRows };
  return insertId === undefined || insertId === 0 || insertId === '0'
    ? result
    : { ...result, lastInsertId: toInteger(insertId) };
}

function connectError(context: LinkContext, error: unknown): DialError {
  const refused = certificateError(context, error, 'the MySQL server');
  if (refused !== undefined) return refused;
  const e = error as MysqlError;
  const message = `${e?.code ?? 'error'}: ${e?.sqlMessage ?? (e instanceof Error ? e.message : String(error))}`;
  if (e?.errno === 1045 || e?.errno === 1044) return context.error('PermissionDenied', message, error);
  if (e?.errno === 1049) return context.error('NotFound', message, error);
  return context.error('Unavailable', message, error);
}

/** Opens a mysql2 pool and checks it with one connection (credentials, database). */
export const connector: Connector<MysqlEndpoint> = {
  async connect(endpoint: MysqlEndpoint, context: LinkContext): Promise<Link> {
    const ssl = await sslOptions(endpoint, context);
    const pool = await openProbedPool(context.signal, {
      open: () => makePool(endpoint, context.timeoutMs, ssl),
      probe: async (pool) => (await pool.getConnection()).release(),
      destroy: (pool) => pool.end(),
      fail: (error) => connectError(context, error),
    });
    return new MysqlLink(context, pool);
  },
};
