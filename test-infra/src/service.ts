import fs from 'node:fs';
import { isListening } from './ports.js';
import { logTail, ManagedProcess } from './process.js';
import { findExecutable } from './system.js';
import type { ServiceName, ServiceSpec } from './types.js';

/** Thrown when a service cannot start; carries the tail of its log. */
export class ServiceStartError extends Error {
  constructor(
    readonly service: ServiceName,
    reason: string,
    readonly logTail: string,
  ) {
    super(`${service} failed to start: ${reason}`);
    this.name = 'ServiceStartError';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One running (or stopped) service: its processes, readiness wait, stop and restart on the same ports. */
export class ManagedService {
  private processes: ManagedProcess[] = [];
  private initialized = false;
  private everReady = false;
  /** Serializes start/stop/restart so concurrent control requests cannot interleave. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly spec: ServiceSpec,
    private readonly dir: string,
    private readonly startTimeoutMs: number,
  ) {}

  /** Service name. */
  get name(): ServiceName {
    return this.spec.name;
  }

  /** PIDs (= process group ids) of the running processes. */
  get pids(): number[] {
    return this.processes.filter((p) => !p.hasExited).map((p) => p.pid);
  }

  /** True while every process of the service is running. */
  get running(): boolean {
    return this.processes.length > 0 && this.processes.every((p) => !p.hasExited);
  }

  /** Names of required executables or files that are missing. */
  missing(): string[] {
    return this.spec.requires.filter((r) => (r.includes('/') ? !fs.existsSync(r) : findExecutable(r) === undefined));
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Starts the processes (initializing the dir the first time) and waits until the probe passes. */
  start(): Promise<void> {
    return this.serialize(() => this.doStart());
  }

  /** Stops every process of the service (reverse order); data stays in place. */
  stop(graceMs?: number): Promise<void> {
    return this.serialize(() => this.doStop(graceMs));
  }

  /**
   * Crashes the service: SIGKILL to every process group, no graceful signal first (data stays;
   * `start()` brings it back). Resolves with each process's exit (a signal name, e.g. `SIGKILL`).
   */
  kill(): Promise<(number | string)[]> {
    return this.serialize(async () => {
      const exits: (number | string)[] = [];
      for (const proc of [...this.processes].reverse()) {
        await proc.kill();
        exits.push(await proc.exited);
      }
      this.processes = [];
      return exits;
    });
  }

  /** Stops, then starts again on the same ports and data dir, and waits until ready. */
  restart(): Promise<void> {
    return this.serialize(async () => {
      await this.doStop();
      await this.doStart();
    });
  }

  /** SIGKILLs the process of cluster node `index` (and its process group). */
  killNode(index: number): Promise<void> {
    return this.serialize(async () => {
      const node = this.node(index);
      const proc = this.processes.find((p) => p.spec.label === node.label && !p.hasExited);
      if (proc === undefined) throw new Error(`${this.name} node ${index} is not running`);
      await proc.kill();
    });
  }

  /** Starts cluster node `index` again (same ports and data) and waits until it answers. */
  startNode(index: number): Promise<void> {
    return this.serialize(async () => {
      const node = this.node(index);
      if (this.processes.some((p) => p.spec.label === node.label && !p.hasExited)) return;
      const spec = this.spec.processes().find((p) => p.label === node.label);
      if (spec === undefined) throw new Error(`${this.name} has no process ${node.label}`);
      this.processes = this.processes.filter((p) => p.spec.label !== node.label);
      const proc = ManagedProcess.start(spec, this.dir);
      this.processes.push(proc);
      const deadline = Date.now() + this.startTimeoutMs;
      let lastError: unknown;
      for (;;) {
        if (proc.hasExited)
          throw new ServiceStartError(this.name, `${node.label} exited (${await proc.exited})`, logTail(proc.logFile));
        try {
          if (node.probe) await node.probe();
          else if (!(await isListening(node.port, 500))) throw new Error(`port ${node.port} closed`);
          return;
        } catch (error) {
          lastError = error;
        }
        if (Date.now() > deadline) {
          throw new ServiceStartError(
            this.name,
            `${node.label} not ready: ${(lastError as Error)?.message}`,
            logTail(proc.logFile),
          );
        }
        await sleep(200);
      }
    });
  }

  private node(index: number): NonNullable<ServiceSpec['nodes']>[number] {
    const node = this.spec.nodes?.[index];
    if (node === undefined)
      throw new Error(`${this.name} has no node ${index} (nodes: ${this.spec.nodes?.length ?? 0})`);
    return node;
  }

  private logs(): string {
    return this.processes.map((p) => `--- ${p.logFile}\n${logTail(p.logFile)}`).join('\n');
  }

  private async doStart(): Promise<void> {
    if (this.running) return;
    const missing = this.missing();
    if (missing.length > 0)
      throw new ServiceStartError(this.name, `missing ${missing.join(', ')} (run \`pnpm services:install\`)`, '');
    fs.mkdirSync(this.dir, { recursive: true });
    const deadline = Date.now() + this.startTimeoutMs;
    try {
      if (!this.initialized) {
        await this.spec.init();
        this.initialized = true;
      }
      this.processes = [];
      for (const spec of this.spec.processes()) {
        const proc = ManagedProcess.start(spec, this.dir);
        this.processes.push(proc);
        if (spec.waitListening !== undefined) {
          while (!(await isListening(spec.waitListening, 200))) {
            if (proc.hasExited)
              throw new Error(`${spec.label} exited (${await proc.exited}) before listening on ${spec.waitListening}`);
            if (Date.now() > deadline) {
              throw new Error(
                `${spec.label} did not listen on ${spec.waitListening} within ${this.startTimeoutMs / 1000} s of the service's start`,
              );
            }
            await sleep(50);
          }
        }
      }
      await this.waitReady(deadline);
      if (!this.everReady) {
        await this.spec.afterFirstReady?.();
        this.everReady = true;
      }
    } catch (error) {
      const reason = (error as Error).message || String(error);
      const stderr = (error as { stderr?: unknown }).stderr;
      const detail =
        typeof stderr === 'string' && stderr && !reason.includes(stderr.trim()) ? `${reason}\n${stderr}` : reason;
      const tail = this.logs();
      await this.doStop(2000);
      throw new ServiceStartError(this.name, detail, tail);
    }
  }

  private async waitReady(deadline: number): Promise<void> {
    let lastError: unknown;
    for (;;) {
      const dead = this.processes.find((p) => p.hasExited);
      if (dead) throw new Error(`${dead.spec.label} exited (${await dead.exited}) before becoming ready`);
      try {
        await this.spec.probe();
        return;
      } catch (error) {
        lastError = error;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `not ready within ${this.startTimeoutMs / 1000} s: ${(lastError as Error)?.message ?? lastError}`,
        );
      }
      await sleep(100);
    }
  }

  private async doStop(graceMs = 15_000): Promise<void> {
    for (const proc of [...this.processes].reverse()) await proc.stop(graceMs);
    this.processes = [];
  }
}
