import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import type { Connector, Link, LinkContext, QueryResult, SqlLink } from '@omnidial/core/driver';
import { DialError, NO_COLUMNS } from '@omnidial/core/driver';
import type { ClickhouseEndpoint } from './driver.js';
import { UnbindableValue, bindParams } from './literals.js';
import { convertRows, returnsRows } from './values.js';

interface JsonCompact {
  meta?: { name: string; type: string }[];
  data?: unknown[][];
}

interface ClickhouseError extends Error {
  code?: string;
  type?: string;
}

const NETWORK = /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|UND_ERR_SOCKET)$/;
const AUTH = new Set(['516', '192', '193', '194']);

function makeClient(endpoint: ClickhouseEndpoint, timeoutMs: number): ClickHouseClient {
  const t = endpoint.target;
  return createClient({
    url: t.url,
    username: t.username,
    password: t.password,
    database: t.database,
    request_timeout: Math.max(30_000, t.connectTimeoutMs ?? timeoutMs),
    max_open_connections: endpoint.poolSize,
    compression: { request: false, response: false },
    application: 'omnidial',
    log: { level: ClickHouseLogLevel.OFF },
  });
}

class ClickhouseLink implements SqlLink {
  readonly #context: LinkContext;
  readonly #client: ClickHouseClient;
  #closed = false;

  constructor(context: LinkContext, client: ClickHouseClient) {
    this.#context = context;
    this.#client = client;
  }

  async exec(sql: string, params: readonly unknown[], signal?: AbortSignal): Promise<QueryResult> {
    if (this.#closed) throw this.#error('Closed', 'connection is closed');
    let query: string;
    try {
      query = bindParams(sql, params);
    } catch (error) {
      if (error instanceof RangeError || error instanceof UnbindableValue)
        throw this.#error('InvalidArgument', error.message, error);
      throw error;
    }
    try {
      if (returnsRows(sql)) {
        const result = await this.#client.query({ query, format: 'JSONCompact', abort_signal: signal });
        const json = (await result.json()) as unknown as JsonCompact;
        const meta = json.meta ?? [];
        return {
          columns: Object.freeze(meta.map((m) => m.name)),
          values: convertRows(
            json.data ?? [],
            meta.map((m) => m.type),
          ),
        };
      }
      const done = await this.#client.command({ query, abort_signal: signal });
      const written = done.summary?.written_rows;
      return written === undefined || !/^(insert)\b/i.test(sql.trim())
        ? { columns: NO_COLUMNS, values: [] }
        : { columns: NO_COLUMNS, values: [], affectedRows: Number(written) };
    } catch (error) {
      throw this.#fail(error);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#client.close().catch(() => undefined);
  }

  #fail(error: unknown): DialError {
    if (error instanceof DialError) return error;
    const e = error as ClickhouseError;
    const message = e instanceof Error ? e.message : String(error);
    const server = serverError(e);
    if (server !== undefined) return this.#error('Query', `${server.text} (code ${server.code})`, error, server.code);
    if (NETWORK.test(e?.code ?? '') || /socket hang up|ECONNREFUSED|ECONNRESET|other side closed/i.test(message))
      return this.#error('Unavailable', message, error);
    if (/timeout/i.test(message)) return this.#error('Timeout', message, error);
    return this.#error('Unknown', message, error);
  }

  #error(code: DialError['code'], message: string, cause?: unknown, serverCode?: number): DialError {
    return this.#context.error(code, message, cause, { op: 'exec', serverCode });
  }
}

/**
 * The server's code and text of a ClickHouse exception: from the client's parsed error, or from
 * the raw `Code: N, e.displayText() = DB::Exception: ...` body older servers send.
 */
function serverError(e: ClickhouseError | undefined): { code: number; text: string } | undefined {
  if (e === undefined || !(e instanceof Error)) return undefined;
  if (typeof e.code === 'string' && /^\d+$/.test(e.code)) return { code: Number(e.code), text: e.message.trim() };
  const m = /^Code: (\d+),\s*(?:e\.displayText\(\) = )?([\s\S]*?)(?:, e\.what\(\) = .*)?\s*$/.exec(e.message);
  return m === null ? undefined : { code: Number(m[1]), text: m[2]!.trim() };
}

/** Creates an HTTP client and checks it with `SELECT 1` (reachability, credentials, database). */
export const connector: Connector<ClickhouseEndpoint> = {
  async connect(endpoint: ClickhouseEndpoint, context: LinkContext): Promise<Link> {
    const client = makeClient(endpoint, context.timeoutMs);
    try {
      const result = await client.query({ query: 'SELECT 1', format: 'JSONCompact', abort_signal: context.signal });
      await result.json();
    } catch (error) {
      await client.close().catch(() => undefined);
      const e = error as ClickhouseError;
      const message = e instanceof Error ? e.message : String(error);
      if (context.signal.aborted) throw context.error('Canceled', message, error);
      const code = String(serverError(e)?.code ?? e?.code ?? '');
      if (AUTH.has(code)) throw context.error('PermissionDenied', message, error);
      if (code === '81') throw context.error('NotFound', message, error);
      throw context.error('Unavailable', message, error);
    }
    return new ClickhouseLink(context, client);
  },
};
