/**
 * `@omnidial/transport-net`: raw sockets for omnidial — `tcp://`, `tls://`, `unix://`, `udp://`,
 * with SOCKS5 proxying for tcp and tls. Importing this package registers the schemes in the
 * default registry; tests register {@link netDrivers} in a fresh `Registry` instead.
 * @module @omnidial/transport-net
 * @packageDocumentation
 */
import { defaultRegistry } from '@omnidial/core/driver';
import { netDrivers } from './driver.js';

for (const driver of netDrivers) defaultRegistry.register(driver);

export { netDrivers, tcpDriver, tlsDriver, udpDriver, unixDriver } from './driver.js';
export type { NetEndpoint, NetTransport, ProxySpec, TlsSpec, TuningSpec } from './endpoint.js';
