/**
 * `@omnidial/db-postgres`: `postgres://` and `postgresql://` for omnidial. Importing it
 * registers the schemes in the default registry; `postgresDriver` is exported for explicit
 * registration.
 * @module @omnidial/db-postgres
 * @packageDocumentation
 */
import { defaultRegistry } from '@omnidial/core/driver';
import { postgresDriver } from './driver.js';

defaultRegistry.register(postgresDriver);

export { postgresDriver, type PostgresEndpoint } from './driver.js';
export { POSTGRES_KEYS, type PostgresTarget } from './address.js';
export { toNumbered } from './placeholders.js';
