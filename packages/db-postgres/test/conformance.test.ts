import { runConformance, runTlsConformance } from '@omnidial/core/conformance';
import { postgresDriver } from '../src/index.js';
import { requireService, requireTlsService } from '@omnidial/test-infra/vitest';

const address = requireService('postgres');

if (address !== undefined) {
  runConformance({
    name: 'postgres',
    driver: postgresDriver,
    harness: {
      slowSql: 'SELECT pg_sleep(3)',
      address: () => address,
      missingAddress: () => address.replace(/\/[^/?]*(\?|$)/, '/no_such_db_omnidial$1'),
      secretAddress: () => ({
        address: address.replace(/:[^:@/]+@/, ':wrong-Secret-9f3@'),
        secret: 'wrong-Secret-9f3',
      }),
    },
  });
}

const tls = requireTlsService('postgres');
if (tls !== undefined) {
  runTlsConformance({ name: 'postgres', driver: postgresDriver, caFile: tls.caFile, address: () => tls.url });
}
