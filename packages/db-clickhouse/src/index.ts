/**
 * `@omnidial/db-clickhouse`: `clickhouse://` for omnidial. Importing it registers the scheme
 * in the default registry; `clickhouseDriver` is exported for explicit registration.
 * @module @omnidial/db-clickhouse
 * @packageDocumentation
 */
import { defaultRegistry } from '@omnidial/core/driver';
import { clickhouseDriver } from './driver.js';

defaultRegistry.register(clickhouseDriver);

export { clickhouseDriver, type ClickhouseEndpoint } from './driver.js';
export { CLICKHOUSE_QUERY_KEYS, type ClickhouseTarget } from './address.js';
export { bindParams, toLiteral } from './literals.js';
