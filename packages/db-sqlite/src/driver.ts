import type { Driver, Endpoint } from '@omnidial/core/driver';
import { redactAddress } from '@omnidial/core/driver';
import { parseSqliteAddress, SQLITE_OPTIONS, type SqliteTarget } from './address.js';

/** A validated `sqlite3://` address. */
export interface SqliteEndpoint extends Endpoint {
  readonly target: SqliteTarget;
  /** Milliseconds a statement waits for a lock held by another connection. */
  readonly busyTimeoutMs: number;
}

/**
 * The `sqlite3://` (alias `sqlite://`) driver, backed by better-sqlite3. Parsing does no I/O
 * and does not load better-sqlite3; the connector is imported on the first dial.
 */
export const sqliteDriver: Driver<SqliteEndpoint> = {
  name: 'sqlite',
  packageName: '@omnidial/db-sqlite',
  schemes: ['sqlite3', 'sqlite'],
  description: 'SQLite databases (file or in-memory) through better-sqlite3',
  capabilities: { kind: 'sql', reconnect: false, acknowledgements: false, proxy: false, tls: false, payload: false },
  options: {
    busy: {
      type: 'integer',
      default: 5000,
      min: 0,
      max: 3_600_000,
      description: 'Milliseconds a statement waits for a lock held by another connection before SQLITE_BUSY.',
    },
    readonly: { type: 'boolean', default: false, description: 'Open the database read-only.' },
    ...SQLITE_OPTIONS,
  },
  queryOptions: true,
  examples: [
    'sqlite3://test1.db',
    'sqlite3:///var/data/ticks.db',
    'sqlite3://:memory:',
    'sqlite3://file:test.db?cache=shared&mode=memory',
  ],
  parse({ scheme, base, url, options }) {
    const target = parseSqliteAddress(scheme, url, options);
    const readonly = target.readonly || options.readonly === true;
    return {
      scheme,
      redacted: redactAddress(base),
      secrets: [],
      volatile: target.kind !== 'file',
      target: { ...target, readonly },
      busyTimeoutMs: Number(options.busy ?? 5000),
    };
  },
  load: () => import('./connect.js').then((m) => m.connector),
};
