/**
 * `@omnidial/transport-ws`: the `ws://` and `wss://` schemes for omnidial. Importing this
 * package registers them in the default registry; `wsDriver` is exported for explicit
 * registration in a fresh `Registry`.
 * @module @omnidial/transport-ws
 * @packageDocumentation
 */
import { defaultRegistry } from '@omnidial/core/driver';
import { wsDriver } from './driver.js';

defaultRegistry.register(wsDriver);

export { wsDriver } from './driver.js';
export type { Codec, HeartbeatSpec, WsEndpoint } from './endpoint.js';
export { wsOptions, DEFAULT_MAX_MESSAGE, DEFAULT_PING_MS, DEFAULT_PONG_TIMEOUT_MS } from './options.js';
