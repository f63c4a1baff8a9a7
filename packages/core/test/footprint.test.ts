import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { dial, Registry, type Connection } from '../src/index.js';
import { MessageQueue } from '../src/connection/queue.js';
import type { Driver, Endpoint } from '../src/driver/index.js';

/** A driver whose links connect at once and do nothing: what is measured is the core's own share. */
const idle: Driver<Endpoint> = {
  name: 'idle',
  packageName: '@omnidial/core-test',
  schemes: ['idle'],
  description: 'idle links (test only)',
  capabilities: { kind: 'message', reconnect: true, acknowledgements: false, proxy: false, tls: false, payload: false },
  options: {},
  examples: ['idle://x'],
  parse: ({ scheme, base }) => ({ scheme, redacted: base, secrets: [] }),
  load: async () => ({
    connect: async () => ({ write: async () => 0, close: async () => undefined }),
  }),
};

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('footprint of an idle connection', () => {
  it('keeps the core share of an open, idle connection small (no queue ring, timers, controllers or closures per call path)', async () => {
    const registry = new Registry().register(idle);
    await (await dial('idle://warm-up', { registry })).close();
    const count = 500;
    const before = heapUsed();
    const connections: Connection[] = [];
    for (let i = 0; i < count; i += 1) connections.push(await dial(`idle://x${i}`, { registry }));
    const perConnection = (heapUsed() - before) / count;
    await Promise.all(connections.map((c) => c.close()));
    // About 2.8 KB on Node 20 (7 KB before the queue ring, the status emitter, the abort
    // controllers and the per-connection closures were made lazy or shared).
    expect(perConnection).toBeLessThan(3500);
  });

  it('an empty receive queue holds no ring, whatever its size, until the first message', () => {
    // Warmed up first, so the code V8 compiles for the constructor is not counted against the queues.
    Array.from({ length: 1000 }, () => new MessageQueue(2000));
    const count = 5000;
    const before = heapUsed();
    const queues = Array.from({ length: count }, () => new MessageQueue(2000));
    const perQueue = (heapUsed() - before) / count;
    expect(queues.length).toBe(count);
    // The object itself and its counters (~150 bytes); a ring of 64 slots would add ~270 more.
    expect(perQueue).toBeLessThan(300);
  });

  it('a refill after read(-2) allocates no object per message (columns, not entries)', () => {
    // Many messages, so the code V8 compiles meanwhile is noise next to what is measured.
    const count = 20_000;
    const queue = new MessageQueue(count);
    const message = 'x'.repeat(100);
    for (let i = 0; i < count; i += 1) queue.push(message, 100, undefined, true, 0, undefined, Date.now());
    queue.takeNewest();
    const before = heapUsed();
    for (let i = 0; i < count; i += 1) queue.push(message, 100, undefined, true, 0, undefined, Date.now());
    const perMessage = (heapUsed() - before) / count;
    expect(queue.length).toBe(count);
    // The message column again (4 bytes a slot); an entry object per message would be ~60 bytes.
    expect(perMessage).toBeLessThan(16);
  });

  it('read(-2) lets go of every discarded message at once (nothing kept for later overwriting)', async () => {
    const queue = new MessageQueue(100);
    const refs: WeakRef<Buffer>[] = [];
    for (let i = 0; i < 100; i += 1) {
      const message = Buffer.alloc(1000);
      refs.push(new WeakRef(message));
      queue.push(message, 1000, undefined, true);
    }
    await new Promise((resolve) => setImmediate(resolve));
    const newest = queue.takeNewest();
    await new Promise((resolve) => setImmediate(resolve));
    heapUsed();
    expect(refs.filter((ref) => ref.deref() !== undefined)).toHaveLength(1);
    expect(refs[99]!.deref()).toBe(newest);
  });
});
