/**
 * `@omnidial/core/conformance`: the suite every transport passes (requires vitest).
 * @module @omnidial/core/conformance
 * @packageDocumentation
 */
export { runConformance } from './run.js';
export { runTlsConformance, type TlsConformanceInput } from './tls-part.js';
export { readMessages, waitFor, withOptions, type ReceivedOf } from './helpers.js';
export { FlappingTcpServer, type FlappingPeer } from './flapping-server.js';
export type { ConformanceFeature, ConformanceHarness, ConformanceInput } from './types.js';
