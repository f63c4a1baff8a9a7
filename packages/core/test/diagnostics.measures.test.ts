// The figures the diagnostics channels publish are measured, not made up: each lies between zero
// and the wall time the test saw around the operation (bounds only, no timing assumptions).
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { dial, type Connection } from '../src/index.js';
import { Registry } from '../src/registry.js';
import { LoopServer, loopDriver } from './support/loop-driver.js';
import { tableOpener } from './support/table-driver.js';

const openTable = tableOpener();

const registry = new Registry().register(loopDriver);
const opened: Connection[] = [];
const stops: (() => void)[] = [];
let serial = 0;

function listen(name: string): Record<string, unknown>[] {
  const seen: Record<string, unknown>[] = [];
  const listener = (payload: unknown): void => void seen.push(payload as Record<string, unknown>);
  subscribe(name, listener);
  stops.push(() => unsubscribe(name, listener));
  return seen;
}

async function timed<T>(action: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await action();
  return { value, ms: performance.now() - start };
}

afterEach(async () => {
  stops.splice(0).forEach((stop) => stop());
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

describe('diagnostics figures', () => {
  it('connectMs of omnidial:connect is the measured connect time', async () => {
    const connects = listen('omnidial:connect');
    const server = new LoopServer(`m${++serial}`);
    const { value: conn, ms } = await timed(() => dial(`loop://${server.name}`, { registry }));
    opened.push(conn);
    expect(connects).toHaveLength(1);
    const connectMs = connects[0]!.connectMs as number;
    expect(connectMs).toBeGreaterThan(0);
    expect(connectMs).toBeLessThanOrEqual(ms);
  });

  it('latencyMs of omnidial:read is how long the message waited, at most the time since it was pushed', async () => {
    const reads = listen('omnidial:read');
    const server = new LoopServer(`m${++serial}`);
    const conn = await dial(`loop://${server.name}`, { registry });
    opened.push(conn);
    const { ms } = await timed(async () => {
      server.push('waiting');
      await new Promise((resolve) => setImmediate(resolve));
      expect(await conn.read()).toBe('waiting');
    });
    expect(reads).toHaveLength(1);
    expect(reads[0]!.latencyMs).toBeGreaterThanOrEqual(0);
    expect(reads[0]!.latencyMs).toBeLessThanOrEqual(ms);
  });

  it('durationMs of omnidial:exec is the time the statement ran', async () => {
    const execs = listen('omnidial:exec');
    const [, conn] = await openTable('network');
    const { ms } = await timed(() => conn.exec('SELECT ?', 'a'));
    expect(execs).toHaveLength(1);
    expect(execs[0]!.durationMs).toBeGreaterThanOrEqual(0);
    expect(execs[0]!.durationMs).toBeLessThanOrEqual(ms);
  });

  it('closing a connection publishes a disconnect and no reconnect', async () => {
    const reconnects = listen('omnidial:reconnect');
    const disconnects = listen('omnidial:disconnect');
    const server = new LoopServer(`m${++serial}`);
    const conn = await dial(`loop://${server.name}|reconnect=true`, { registry });
    await conn.close();
    expect(disconnects.map((d) => d.reason)).toEqual(['closed']);
    expect(reconnects).toEqual([]);
  });
});
