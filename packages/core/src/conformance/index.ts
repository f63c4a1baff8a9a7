/**
 * `@omnidial/core/conformance`: the suite every transport passes (requires vitest).
 * @packageDocumentation
 */
export { runConformance } from './run.js';
export { waitFor, withOptions } from './helpers.js';
export type { ConformanceFeature, ConformanceHarness, ConformanceInput } from './types.js';
