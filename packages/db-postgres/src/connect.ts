import pg from 'pg';
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
import type { PostgresEndpoint } from './driver.js';
import { queryArrays } from './array-query.js';
import { toNumbered } from './placeholders.js';
import { toPgParam, typeParsers } from './values.js';

/** SQLSTATE classes that mean the server went away rather than the statement failed. */
const UNAVAILABLE_STATE = /^(08|57P0[1-3])/;
const NETWORK = /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN)$/;
const DML = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY']);
/** Statements whose `?` → `$n` rewrite is remembered (per connection). */
const REWRITE_CACHE = 200;

interface PgError extends Error {
  code?: string;
  severity?: string;
}

/**
 * The TLS options of a pool, from `sslmode` and the core's TLS resolver: `require` encrypts
 * without checking the certificate unless `ca=` is given (as libpq does with a root file),
 * `verify-ca`/`verify-full` verify; TLS options with `sslmode=disable` are refused.
 */
async function sslOptions(endpoint: PostgresEndpoint, context: LinkContext): Promise<NodeTlsOptions | false> {
  const t = endpoint.target;
  const settings = tlsSettingsIf(
    t.ssl !== 'disable',
    context.options,
    endpoint.scheme,
    'add sslmode=verify-full (or require)',
  );
  if (settings === undefined) return false;
  const insecure = settings.insecure || (t.ssl === 'require' && settings.ca === undefined);
  return loadTls({ ...settings, insecure }, t.host, context);
}

function makePool(endpoint: PostgresEndpoint, connectTimeoutMs: number, ssl: NodeTlsOptions | false): pg.Pool {
  const t = endpoint.target;
  const pool = new pg.Pool({
    host: t.host,
    port: t.port,
    user: t.user,
    password: t.password,
    database: t.database,
    ssl,
    connectionTimeoutMillis: t.connectTimeoutMs ?? connectTimeoutMs,
    application_name: t.applicationName,
    max: endpoint.poolSize,
    keepAlive: true,
    types: typeParsers,
  });
  // An idle client that dies (server restart) is dropped by the pool; the next query opens a new one.
  pool.on('error', () => undefined);
  return pool;
}

class PostgresLink implements SqlLink {
  readonly #context: LinkContext;
  readonly #pool: pg.Pool;
  readonly #rewritten = new Map<string, string>();
  #closed = false;

  constructor(context: LinkContext, pool: pg.Pool) {
    this.#context = context;
    this.#pool = pool;
  }

  async exec(sql: string, params: readonly unknown[]): Promise<QueryResult> {
    if (this.#closed) throw this.#error('Closed', 'connection is closed');
    const values = params.map((value, i) => {
      const converted = toPgParam(value);
      if (converted === undefined)
        throw this.#error('InvalidArgument', `parameter ${i + 1} cannot be bound: ${typeof value}`);
      return converted;
    });
    const text = values.length > 0 ? this.#numbered(sql) : sql;
    let result: pg.QueryArrayResult | pg.QueryArrayResult[];
    try {
      result = await queryArrays(this.#pool, text, values);
    } catch (error) {
      throw this.#fail(error);
    }
    const last = Array.isArray(result) ? result.at(-1)! : result;
    const fields = last.fields ?? [];
    const columns = fields.length === 0 ? NO_COLUMNS : Object.freeze(fields.map((f: pg.FieldDef) => f.name));
    const out: QueryResult = { columns, values: last.rows ?? [] };
    return DML.has(last.command) && last.rowCount !== null ? { ...out, affectedRows: last.rowCount } : out;
  }

  #numbered(sql: string): string {
    let text = this.#rewritten.get(sql);
    if (text === undefined) {
      text = toNumbered(sql).sql;
      if (this.#rewritten.size >= REWRITE_CACHE) this.#rewritten.delete(this.#rewritten.keys().next().value!);
      this.#rewritten.set(sql, text);
    }
    return text;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end().catch(() => undefined);
  }

  #fail(error: unknown): DialError {
    if (error instanceof DialError) return error;
    const e = error as PgError;
    const message = e instanceof Error ? e.message : String(error);
    const state = typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : undefined;
    if (state !== undefined && !UNAVAILABLE_STATE.test(state))
      return this.#error('Query', `${message} (SQLSTATE ${state})`, error, state);
    if (
      state !== undefined ||
      NETWORK.test(e?.code ?? '') ||
      /Connection terminated|connection timeout|not queryable/i.test(message)
    ) {
      return this.#error('Unavailable', message, error, state);
    }
    return this.#error('Unknown', message, error);
  }

  #error(code: DialError['code'], message: string, cause?: unknown, serverCode?: string): DialError {
    return this.#context.error(code, message, cause, { op: 'exec', serverCode });
  }
}

function connectError(context: LinkContext, error: unknown): DialError {
  const refused = certificateError(context, error, 'the PostgreSQL server');
  if (refused !== undefined) return refused;
  const e = error as PgError;
  const message = e instanceof Error ? e.message : String(error);
  if (e?.code === '28P01' || e?.code === '28000') return context.error('PermissionDenied', message, error);
  if (e?.code === '3D000') return context.error('NotFound', message, error);
  return context.error('Unavailable', message, error);
}

/** Opens a pg pool and checks it with one connection (credentials, database). */
export const connector: Connector<PostgresEndpoint> = {
  async connect(endpoint: PostgresEndpoint, context: LinkContext): Promise<Link> {
    const ssl = await sslOptions(endpoint, context);
    const pool = await openProbedPool(context.signal, {
      open: () => makePool(endpoint, context.timeoutMs, ssl),
      probe: async (pool) => (await pool.connect()).release(),
      destroy: (pool) => pool.end(),
      fail: (error) => connectError(context, error),
    });
    return new PostgresLink(context, pool);
  },
};
