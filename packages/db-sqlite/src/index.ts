/**
 * `@omnidial/db-sqlite`: `sqlite3://` for omnidial. Importing it registers the scheme in the
 * default registry; `sqliteDriver` is exported for explicit registration.
 * @module @omnidial/db-sqlite
 * @packageDocumentation
 */
import { defaultRegistry } from '@omnidial/core/driver';
import { sqliteDriver } from './driver.js';

defaultRegistry.register(sqliteDriver);

export { sqliteDriver, type SqliteEndpoint } from './driver.js';
export type { SqliteTarget } from './address.js';
