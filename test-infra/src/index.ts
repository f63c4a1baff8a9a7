/**
 * @omnidial/test-infra: real servers for omnidial's tests, run as local processes.
 *
 * - In tests: {@link serviceUrl} reads `OMNIDIAL_TEST_*_URL`; {@link restartService},
 *   {@link stopService} and {@link startService} drive faults through the harness's control server.
 * - In bench/ and examples: {@link startServices} runs a harness programmatically.
 */
export {
  serviceUrl,
  hasService,
  stopService,
  startService,
  restartService,
  killNode,
  startNode,
  nodePorts,
} from './client.js';
export type { ControlOptions } from './client.js';
export { startServices, parseServiceList, HarnessStartError, INFRA_DIR } from './harness.js';
export type { Harness, StartServicesOptions } from './harness.js';
export { ServiceStartError } from './service.js';
export { START_TIMEOUT_ENV_VAR, DEFAULT_START_TIMEOUT_MS } from './start-timeout.js';
export { isListening, freePorts } from './ports.js';
export { isAlive } from './process.js';
export { startMicrosocks, type Microsocks } from './microsocks.js';
export { makeTempPki, makeTestPki, type TestPki, type TestPkiPems } from './pki.js';
export { startSourceWorker } from './worker.js';
export {
  SERVICE_NAMES,
  CLUSTER_NAMES,
  ALL_SERVICE_NAMES,
  ENV_VARS,
  CONTROL_ENV_VAR,
  CA_ENV_VAR,
  TLS_ENV_VARS,
  TEST_USER,
  TEST_PASSWORD,
  TEST_DATABASE,
  isServiceName,
} from './types.js';
export type { ServiceName } from './types.js';
