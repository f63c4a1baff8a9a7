/**
 * `@omnidial/db-mysql`: `mysql://` for omnidial. Importing it registers the scheme in the
 * default registry; `mysqlDriver` is exported for explicit registration.
 * @module @omnidial/db-mysql
 * @packageDocumentation
 */
import { defaultRegistry } from '@omnidial/core/driver';
import { mysqlDriver } from './driver.js';

defaultRegistry.register(mysqlDriver);

export { mysqlDriver, type MysqlEndpoint } from './driver.js';
export { MYSQL_QUERY_KEYS, type MysqlTarget } from './address.js';
