import type { Driver, Endpoint } from '@omnidial/core/driver';
import { CLICKHOUSE_OPTIONS, parseClickhouseAddress, type ClickhouseTarget } from './address.js';

/** A validated `clickhouse://` address. */
export interface ClickhouseEndpoint extends Endpoint {
  readonly target: ClickhouseTarget;
  /** Most HTTP sockets kept open to the server. */
  readonly poolSize: number;
}

/**
 * The `clickhouse://` driver over ClickHouse's HTTP interface, backed by @clickhouse/client.
 * Parameters are bound on the client (see `literals.ts`). Parsing does no I/O.
 */
export const clickhouseDriver: Driver<ClickhouseEndpoint> = {
  name: 'clickhouse',
  packageName: '@omnidial/db-clickhouse',
  schemes: ['clickhouse'],
  description: 'ClickHouse over its HTTP interface through @clickhouse/client (FMZ tcp:// addresses mapped to HTTP)',
  capabilities: { kind: 'sql', reconnect: false, acknowledgements: false, proxy: false, tls: false, payload: false },
  options: {
    pool: {
      type: 'integer',
      default: 10,
      min: 1,
      max: 1000,
      description: 'Most HTTP sockets kept open to the server.',
    },
    ...CLICKHOUSE_OPTIONS,
  },
  queryOptions: true,
  examples: [
    'clickhouse://user:pass@localhost:8123/db',
    'clickhouse://tcp://localhost:9000?username=default&password=pw&database=db',
  ],
  parse({ scheme, base, url, options }) {
    const { redacted, secrets, ...target } = parseClickhouseAddress(scheme, base, url, options);
    return { scheme, redacted, secrets, target, poolSize: Number(options.pool ?? 10) };
  },
  load: () => import('./connect.js').then((m) => m.connector),
};
