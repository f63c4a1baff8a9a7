import { CONTROL_ENV_VAR, ENV_VARS, isServiceName, type ServiceName } from './types.js';

function hint(variable: string): string {
  return `${variable} is not set: run the tests through \`pnpm with-services -- <command>\` (and \`pnpm services:install\` once on a new machine)`;
}

/**
 * Address of a running test service from its `OMNIDIAL_TEST_*_URL` variable, e.g.
 * `serviceUrl('postgres')` → `postgres://omnidial:omnidial-secret@127.0.0.1:PORT/omnidial`.
 * Throws a clear error when the variable is missing.
 */
export function serviceUrl(name: ServiceName): string {
  if (!isServiceName(name)) throw new Error(`unknown service ${String(name)}`);
  const variable = ENV_VARS[name];
  const value = process.env[variable];
  if (!value) throw new Error(hint(variable));
  return value;
}

/** True when the service's address variable is set (to skip tests when a subset runs). */
export function hasService(name: ServiceName): boolean {
  return Boolean(process.env[ENV_VARS[name]]);
}

/** Options of the control functions. */
export interface ControlOptions {
  /** Control server to use; default `process.env.OMNIDIAL_TEST_CONTROL_URL` (the with-services one). */
  controlUrl?: string;
}

async function control(name: ServiceName, action: string, options: ControlOptions): Promise<void> {
  const base = options.controlUrl ?? process.env[CONTROL_ENV_VAR];
  if (!base) throw new Error(hint(CONTROL_ENV_VAR));
  const response = await fetch(`${base}/services/${encodeURIComponent(name)}/${action}`, { method: 'POST' });
  const body = (await response.json().catch(() => ({}))) as { ok?: boolean; error?: string };
  if (!response.ok || body.ok !== true) {
    throw new Error(`${action} ${name} failed: ${body.error ?? `HTTP ${response.status}`}`);
  }
}

/** SIGKILLs node `index` of a harness-owned cluster; resolves once the process is gone. */
export function killNode(name: ServiceName, index: number, options: ControlOptions = {}): Promise<void> {
  return control(name, `nodes/${index}/kill`, options);
}

/** Starts a killed cluster node again on its ports and data; resolves once it is ready. */
export function startNode(name: ServiceName, index: number, options: ControlOptions = {}): Promise<void> {
  return control(name, `nodes/${index}/start`, options);
}

/** Client ports of each node of a harness-owned cluster, by node index. */
export async function nodePorts(name: ServiceName, options: ControlOptions = {}): Promise<number[]> {
  const base = options.controlUrl ?? process.env[CONTROL_ENV_VAR];
  if (!base) throw new Error(hint(CONTROL_ENV_VAR));
  const list = (await (await fetch(`${base}/services`)).json()) as { name: string; nodePorts: number[] }[];
  const entry = list.find((s) => s.name === name);
  if (entry === undefined) throw new Error(`${name} is not running in this harness`);
  return entry.nodePorts;
}

/** Stops a harness-owned service (data kept); resolves once its processes are gone. */
export function stopService(name: ServiceName, options: ControlOptions = {}): Promise<void> {
  return control(name, 'stop', options);
}

/** Starts a stopped service on the same port; resolves once it answers its readiness probe. */
export function startService(name: ServiceName, options: ControlOptions = {}): Promise<void> {
  return control(name, 'start', options);
}

/** Stops then starts a service on the same port and data; resolves once it is ready again. */
export function restartService(name: ServiceName, options: ControlOptions = {}): Promise<void> {
  return control(name, 'restart', options);
}
