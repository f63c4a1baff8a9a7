import { runConformance } from '@omnidial/core/conformance';
import { clickhouseDriver } from '../src/index.js';
import { requireService } from '@omnidial/test-infra/vitest';

const address = requireService('clickhouse');

if (address !== undefined) {
  runConformance({
    name: 'clickhouse',
    driver: clickhouseDriver,
    harness: {
      slowSql: 'SELECT sleep(3)',
      address: () => address,
      missingAddress: () => address.replace(/\/[^/?]*(\?|$)/, '/no_such_db_omnidial$1'),
      secretAddress: () => ({
        address: address.replace(/:[^:@/]+@/, ':wrong-Secret-9f3@'),
        secret: 'wrong-Secret-9f3',
      }),
    },
  });
}
