// A service that does not come up fails its start with a message naming what did not come up.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePorts } from '../src/ports.js';
import { ManagedService } from '../src/service.js';
import type { ProcessSpec, ServiceSpec } from '../src/types.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A one-process service (`sh -c script`) that should listen on `port`, with `probe` as its readiness check. */
function service(script: string, port: number, probe: () => Promise<void>, startTimeoutMs: number): ManagedService {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnidial-start-failure-'));
  dirs.push(dir);
  const proc: ProcessSpec = { label: 'node-2', command: 'sh', args: ['-c', script], cwd: dir, waitListening: port };
  const spec: ServiceSpec = {
    name: 'rabbitmq-cluster',
    url: `tcp://127.0.0.1:${port}`,
    ports: [port],
    requires: [],
    init: async () => undefined,
    processes: () => [proc],
    probe,
  };
  return new ManagedService(spec, dir, startTimeoutMs);
}

describe('a service start that fails', () => {
  it('names the process that never listened, its port and how long it was given', { timeout: 30_000 }, async () => {
    const [port] = await freePorts(1);
    const start = service('sleep 20', port!, async () => undefined, 1500).start();
    await expect(start).rejects.toThrow(
      `rabbitmq-cluster failed to start: node-2 did not listen on ${port} within 1.5 s`,
    );
  });

  it('names the process that exited before listening, with its exit code', { timeout: 30_000 }, async () => {
    const [port] = await freePorts(1);
    await expect(service('exit 3', port!, async () => undefined, 20_000).start()).rejects.toThrow(
      `node-2 exited (3) before listening on ${port}`,
    );
  });

  it("gives the readiness probe's last answer when it never passed", { timeout: 30_000 }, async () => {
    const [port] = await freePorts(1);
    const script = `exec node -e "require('net').createServer().listen(${port}, '127.0.0.1')"`;
    const probe = async (): Promise<void> => {
      throw new Error("omnidial-3@localhost not running in omnidial-1@localhost's cluster");
    };
    await expect(service(script, port!, probe, 10_000).start()).rejects.toThrow(
      "not ready within 10 s: omnidial-3@localhost not running in omnidial-1@localhost's cluster",
    );
  });
});
