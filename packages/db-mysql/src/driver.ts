import type { Driver, Endpoint } from '@omnidial/core/driver';
import { MYSQL_OPTIONS, parseMysqlAddress, type MysqlTarget } from './address.js';

/** A validated `mysql://` address. */
export interface MysqlEndpoint extends Endpoint {
  readonly target: MysqlTarget;
  /** Most connections the pool opens. */
  readonly poolSize: number;
}

/**
 * The `mysql://` driver (MySQL and MariaDB), backed by a mysql2 connection pool. Parsing does
 * no I/O and does not load mysql2.
 */
export const mysqlDriver: Driver<MysqlEndpoint> = {
  name: 'mysql',
  packageName: '@omnidial/db-mysql',
  schemes: ['mysql'],
  description: 'MySQL and MariaDB through a mysql2 pool (URL or Go-driver DSN addresses)',
  capabilities: { kind: 'sql', reconnect: false, acknowledgements: false, proxy: false, tls: true, payload: false },
  options: {
    pool: { type: 'integer', default: 10, min: 1, max: 1000, description: 'Most connections the pool keeps open.' },
    ...MYSQL_OPTIONS,
  },
  queryOptions: true,
  examples: ['mysql://user:pass@localhost:3306/db', 'mysql://user:pass@tcp(localhost:3306)/db?charset=utf8mb4'],
  parse({ scheme, base, url, options }) {
    const { redacted, secrets, ...target } = parseMysqlAddress(scheme, base, url, options);
    return { scheme, redacted, secrets, target, poolSize: Number(options.pool ?? 10) };
  },
  load: () => import('./connect.js').then((m) => m.connector),
};
