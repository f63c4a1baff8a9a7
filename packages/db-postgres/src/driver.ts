import type { Driver, Endpoint } from '@omnidial/core/driver';
import { parsePostgresAddress, POSTGRES_OPTIONS, type PostgresTarget } from './address.js';

/** A validated `postgres://` address. */
export interface PostgresEndpoint extends Endpoint {
  readonly target: PostgresTarget;
  /** Most connections the pool opens. */
  readonly poolSize: number;
}

/**
 * The `postgres://` / `postgresql://` driver, backed by a pg connection pool. Parsing does no
 * I/O and does not load pg.
 */
export const postgresDriver: Driver<PostgresEndpoint> = {
  name: 'postgres',
  packageName: '@omnidial/db-postgres',
  schemes: ['postgres', 'postgresql'],
  description: 'PostgreSQL through a pg pool (URL or lib/pq key=value addresses)',
  capabilities: { kind: 'sql', reconnect: false, acknowledgements: false, proxy: false, tls: true, payload: false },
  options: {
    pool: { type: 'integer', default: 10, min: 1, max: 1000, description: 'Most connections the pool keeps open.' },
    ...POSTGRES_OPTIONS,
  },
  queryOptions: true,
  examples: [
    'postgres://user:pass@localhost:5432/db?sslmode=disable',
    'postgres://user=postgres dbname=db sslmode=disable password=pw host=localhost port=5432',
  ],
  parse({ scheme, base, url, options }) {
    const { redacted, secrets, ...target } = parsePostgresAddress(scheme, base, url, options);
    return { scheme, redacted, secrets, target, poolSize: Number(options.pool ?? 10) };
  },
  load: () => import('./connect.js').then((m) => m.connector),
};
