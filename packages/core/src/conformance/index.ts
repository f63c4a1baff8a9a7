/**
 * `@omnidial/core/conformance`: the suite every transport passes (requires vitest).
 * @packageDocumentation
 */
export { runConformance } from './run.js';
export { waitFor, withOptions } from './helpers.js';
export { FlappingTcpServer, type FlappingPeer } from './flapping-server.js';
export type { ConformanceFeature, ConformanceHarness, ConformanceInput } from './types.js';
