import { runConformance, runTlsConformance } from '@omnidial/core/conformance';
import { mysqlDriver } from '../src/index.js';
import { requireService, requireTlsService } from '@omnidial/test-infra/vitest';

const address = requireService('mysql');

if (address !== undefined) {
  runConformance({
    name: 'mysql',
    driver: mysqlDriver,
    harness: {
      slowSql: 'SELECT SLEEP(3)',
      address: () => address,
      missingAddress: () => address.replace(/\/[^/?]*(\?|$)/, '/no_such_db_omnidial$1'),
      secretAddress: () => ({
        address: address.replace(/:[^:@/]+@/, ':wrong-Secret-9f3@'),
        secret: 'wrong-Secret-9f3',
      }),
    },
  });
}

const tls = requireTlsService('mysql');
if (tls !== undefined) {
  runTlsConformance({
    name: 'mysql',
    driver: mysqlDriver,
    caFile: tls.caFile,
    address: () => tls.url,
    skip: {
      servername:
        'mysql2 always checks the certificate against the address host; servername= is refused with InvalidArgument (mysql.test.ts)',
    },
  });
}
