import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startControlServer, type ControlServer } from './control.js';
import { freePorts } from './ports.js';
import { cleanupOnExit } from './process.js';
import { ManagedService, ServiceStartError } from './service.js';
import { SERVICE_FACTORIES } from './services/index.js';
import { makeTestPki } from './pki.js';
import { startTimeoutMs } from './start-timeout.js';
import {
  ALL_SERVICE_NAMES,
  CA_ENV_VAR,
  CONTROL_ENV_VAR,
  ENV_VARS,
  SERVICE_NAMES,
  TLS_ENV_VARS,
  isServiceName,
  type ServiceName,
} from './types.js';

/** Options of {@link startServices}. */
export interface StartServicesOptions {
  /** Services to run (names, or one comma-separated string); default all of {@link SERVICE_NAMES}. */
  only?: readonly string[] | string | undefined;
  /**
   * Per-service start (and restart) limit in ms, for every service; default: the service's own
   * (90 000 unless it sets one), raised to `OMNIDIAL_TEST_START_TIMEOUT_MS` when that is larger.
   */
  startTimeoutMs?: number;
  /** Run the HTTP restart-control server (default true). */
  control?: boolean;
  /** Receives progress lines such as "postgres ready in 1.9 s"; default: silent. */
  log?: (line: string) => void;
}

/** A running set of services, as returned by {@link startServices}. */
export interface Harness {
  /** The temporary base directory holding one directory per service. */
  readonly baseDir: string;
  /** `OMNIDIAL_TEST_*` variables for the running services (plus the control URL when enabled). */
  readonly env: Readonly<Record<string, string>>;
  /** Address of each running service. */
  readonly urls: Readonly<Partial<Record<ServiceName, string>>>;
  /** Milliseconds each service took from launch to a passing readiness probe. */
  readonly startupMs: Readonly<Partial<Record<ServiceName, number>>>;
  /** Names of the services in this harness. */
  readonly names: readonly ServiceName[];
  /** TCP ports a service listens on (kept across restarts). */
  ports(name: ServiceName): readonly number[];
  /** PIDs of a service's processes (each is also a process group id). */
  pids(name: ServiceName): readonly number[];
  /** Stops one service (data is kept). */
  stopService(name: ServiceName): Promise<void>;
  /**
   * Crashes one service: SIGKILL to its processes, no graceful stop (data is kept). Resolves with
   * each process's exit (signal name); {@link Harness.startService} brings it back.
   */
  killService(name: ServiceName): Promise<(number | string)[]>;
  /** Starts a stopped service again on its ports and waits until ready. */
  startService(name: ServiceName): Promise<void>;
  /** Stops and starts a service on the same ports and data, waiting until ready. */
  restart(name: ServiceName): Promise<void>;
  /** Client ports of a cluster's nodes, by node index (empty for a single server). */
  nodePorts(name: ServiceName): readonly number[];
  /** SIGKILLs one node of a cluster (a crash, not a graceful stop). */
  killNode(name: ServiceName, index: number): Promise<void>;
  /** Starts a killed node again on its ports and data, and waits until it is ready. */
  startNode(name: ServiceName, index: number): Promise<void>;
  /** Stops everything, kills leftovers and deletes the base directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** Thrown by {@link startServices} when one or more services did not become ready. */
export class HarnessStartError extends Error {
  constructor(readonly failures: readonly ServiceStartError[]) {
    super(failures.map((f) => `${f.message}${f.logTail ? `\n${f.logTail}` : ''}`).join('\n\n'));
    this.name = 'HarnessStartError';
  }
}

/** test-infra's own directory (parent of src/). */
export const INFRA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Parses a comma-separated service list; throws on unknown names. */
export function parseServiceList(list: readonly string[] | string | undefined): ServiceName[] {
  const raw = typeof list === 'string' ? list.split(',') : (list ?? []);
  const names = raw.map((n) => n.trim()).filter((n) => n.length > 0);
  if (names.length === 0) return [...SERVICE_NAMES];
  const unknown = names.filter((n) => !isServiceName(n));
  if (unknown.length > 0)
    throw new Error(`unknown service(s): ${unknown.join(', ')}; known: ${ALL_SERVICE_NAMES.join(', ')}`);
  return ALL_SERVICE_NAMES.filter((n) => names.includes(n));
}

/**
 * Starts the selected services in parallel, each in its own directory under one fresh temporary
 * base dir and on free ports, and resolves once every one answers its readiness probe.
 * On failure everything already started is stopped and a {@link HarnessStartError} is thrown.
 */
export async function startServices(options: StartServicesOptions = {}): Promise<Harness> {
  const names = parseServiceList(options.only);
  const log = options.log ?? (() => undefined);
  startTimeoutMs(undefined, options.startTimeoutMs); // a bad OMNIDIAL_TEST_START_TIMEOUT_MS fails before anything starts
  const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnidial-test-'));
  fs.chmodSync(baseDir, 0o755); // postgres runs as its own account and must reach its dir
  if (!process.env.OMNIDIAL_TEST_KEEP_DIR) cleanupOnExit(baseDir);
  const counts = names.map((n) => SERVICE_FACTORIES[n].portCount);
  const allPorts = await freePorts(counts.reduce((a, b) => a + b, 0));
  const services = new Map<ServiceName, ManagedService>();
  const pki = makeTestPki(path.join(baseDir, 'pki'));
  let offset = 0;
  for (const name of names) {
    const count = SERVICE_FACTORIES[name].portCount;
    const ports = allPorts.slice(offset, offset + count);
    offset += count;
    const dir = path.join(baseDir, name);
    fs.mkdirSync(dir);
    const spec = SERVICE_FACTORIES[name].create({ dir, infraDir: INFRA_DIR, pki }, ports);
    services.set(name, new ManagedService(spec, dir, startTimeoutMs(spec.startTimeoutMs, options.startTimeoutMs)));
  }

  let control: ControlServer | undefined;
  let stopped = false;
  const get = (name: ServiceName): ManagedService => {
    const service = services.get(name);
    if (!service) throw new Error(`service ${name} is not part of this harness (running: ${names.join(', ')})`);
    return service;
  };
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await control?.close();
    await Promise.all([...services.values()].map((s) => s.stop()));
    if (!process.env.OMNIDIAL_TEST_KEEP_DIR) fs.rmSync(baseDir, { recursive: true, force: true });
    cleanupOnExit(baseDir, false);
  };

  const startupMs: Partial<Record<ServiceName, number>> = {};
  const begin = Date.now();
  const results = await Promise.allSettled(
    [...services.values()].map(async (service) => {
      const t0 = Date.now();
      await service.start();
      startupMs[service.name] = Date.now() - t0;
      log(`${service.name.padEnd(10)} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s  ${service.spec.url}`);
    }),
  );
  const failures = results.flatMap((r, i) =>
    r.status === 'rejected'
      ? [
          r.reason instanceof ServiceStartError
            ? r.reason
            : new ServiceStartError(names[i] ?? 'mqtt', String(r.reason), ''),
        ]
      : [],
  );
  if (failures.length > 0) {
    await stop();
    throw new HarnessStartError(failures);
  }
  log(`all ${names.length} service(s) ready in ${((Date.now() - begin) / 1000).toFixed(1)} s`);

  const urls: Partial<Record<ServiceName, string>> = {};
  const env: Record<string, string> = { [CA_ENV_VAR]: pki.caFile };
  for (const [name, service] of services) {
    urls[name] = service.spec.url;
    env[ENV_VARS[name]] = service.spec.url;
    const tlsVar = TLS_ENV_VARS[name];
    if (service.spec.tlsUrl !== undefined && tlsVar !== undefined) env[tlsVar] = service.spec.tlsUrl;
  }
  const harness: Harness = {
    baseDir,
    env,
    urls,
    startupMs,
    names,
    ports: (name) => get(name).spec.ports,
    pids: (name) => get(name).pids,
    stopService: (name) => get(name).stop(),
    killService: (name) => get(name).kill(),
    startService: (name) => get(name).start(),
    restart: (name) => get(name).restart(),
    nodePorts: (name) => (get(name).spec.nodes ?? []).map((node) => node.port),
    killNode: (name, index) => get(name).killNode(index),
    startNode: (name, index) => get(name).startNode(index),
    stop,
  };
  if (options.control ?? true) {
    try {
      control = await startControlServer(harness);
    } catch (error) {
      await stop();
      throw error;
    }
    env[CONTROL_ENV_VAR] = control.url;
  }
  return harness;
}
