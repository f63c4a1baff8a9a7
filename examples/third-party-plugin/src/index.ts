/**
 * `omnidial-transport-echo`: a third-party transport. Importing it registers `echo://` in the
 * default registry, so `dial('echo://lobby')` works next to the official schemes, and the
 * `omnidial` CLI picks it up with `--plugin omnidial-transport-echo`.
 * @packageDocumentation
 */
import { defaultRegistry } from '@omnidial/core/driver';
import { echoDriver } from './driver.js';

defaultRegistry.register(echoDriver);

export { echoDriver, type EchoEndpoint } from './driver.js';
