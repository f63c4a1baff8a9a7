import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { describe, expect, it } from 'vitest';
import { DeliveryBatch } from '../src/driver/delivery-batch.js';
import { diagnosticsChannels } from '../src/diagnostics/channels.js';
import { LoopServer } from './support/loop-driver.js';
import { loopConnections } from './support/loop-connections.js';

const open = loopConnections();

/** Settles on the check phase of this turn: what a batch reader that collects would wait for. */
const checkPhase = (): Promise<'check phase'> => new Promise((resolve) => setImmediate(resolve, 'check phase'));

describe('deliverMany (core)', () => {
  it('queues a batch in order and counts every message and byte', async () => {
    const server = new LoopServer('many-order');
    const conn = await open('loop://many-order');
    server.pushMany(['m0', 'm1', 'm22']);
    expect(conn.stats()).toMatchObject({ received: 3, receivedBytes: 7, queued: 3 });
    expect(await conn.read(-1)).toBe('m0');
    expect(await conn.readMany(undefined, -1)).toEqual(['m1', 'm22']);
  });

  it('hands a waiting batch reader the whole batch as it is delivered: nothing goes through the queue', async () => {
    const server = new LoopServer('many-handoff');
    const conn = await open('loop://many-handoff');
    const reading = conn.readMany();
    const check = checkPhase();
    server.pushMany(['h0', 'h1', 'h2']);
    expect(conn.stats()).toMatchObject({ received: 3, queued: 0 });
    expect(await Promise.race([reading, check])).toEqual(['h0', 'h1', 'h2']);
  });

  it('hands a waiting batch reader at most its max and queues the rest', async () => {
    const server = new LoopServer('many-max');
    const conn = await open('loop://many-max');
    const outcomes: string[] = [];
    const reading = conn.readMany(2);
    server.pushMany(['x0', 'x1', 'x2', 'x3'], outcomes);
    expect(await reading).toEqual(['x0', 'x1']);
    expect(outcomes).toEqual(['x0:delivered', 'x1:delivered']);
    expect(await conn.readMany(undefined, -1)).toEqual(['x2', 'x3']);
    expect(outcomes).toEqual(['x0:delivered', 'x1:delivered', 'x2:delivered', 'x3:delivered']);
  });

  it('gives a waiting read() one message and queues the rest', async () => {
    const server = new LoopServer('many-read');
    const conn = await open('loop://many-read');
    const reading = conn.read();
    server.pushMany(['r0', 'r1']);
    expect(await reading).toBe('r0');
    expect(await conn.read(-1)).toBe('r1');
  });

  it('acknowledges only what was handed over; the rest is released at close', async () => {
    const server = new LoopServer('many-acks');
    const conn = await open('loop://many-acks');
    const outcomes: string[] = [];
    server.pushMany(['a0', 'a1', 'a2'], outcomes);
    expect(outcomes).toEqual([]);
    expect(await conn.read(-1)).toBe('a0');
    expect(outcomes).toEqual(['a0:delivered']);
    await conn.close();
    expect(outcomes).toEqual(['a0:delivered', 'a1:released', 'a2:released']);
  });

  it('never drops messages that must be acknowledged: intake stops once the queue is full', async () => {
    const server = new LoopServer('many-full');
    const conn = await open('loop://many-full|qsize=4');
    const outcomes: string[] = [];
    server.pushMany(['f0', 'f1', 'f2', 'f3', 'f4', 'f5'], outcomes);
    expect(conn.stats()).toMatchObject({ queued: 6, dropped: 0, paused: true });
    expect(server.paused).toBe(true);
    expect(await conn.readMany(undefined, -1)).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5']);
    expect(server.paused).toBe(false);
  });

  it('drops the oldest of messages that need no acknowledgement, as deliver() does, and says so', async () => {
    const server = new LoopServer('many-drop');
    const conn = await open('loop://many-drop|qsize=3');
    const drops: number[] = [];
    conn.on('drop', ({ total }) => drops.push(total));
    server.pushMany(['d0', 'd1', 'd2', 'd3', 'd4']);
    expect(conn.stats()).toMatchObject({ queued: 3, dropped: 2 });
    expect(drops).toEqual([2]);
    expect(await conn.readMany(undefined, -1)).toEqual(['d2', 'd3', 'd4']);
  });

  it('releases a batch that arrives after close', async () => {
    const server = new LoopServer('many-late');
    const conn = await open('loop://many-late');
    const context = server.context();
    await conn.close();
    const outcomes: string[] = [];
    context.deliverMany(['l0', 'l1'], [2, 2], [(o) => outcomes.push(`l0:${o}`), (o) => outcomes.push(`l1:${o}`)]);
    expect(outcomes).toEqual(['l0:released', 'l1:released']);
  });

  it('turns text into bytes with binary=true', async () => {
    const server = new LoopServer('many-binary');
    const conn = await open('loop://many-binary|binary=true');
    server.pushMany(['b0', 'b1']);
    expect(await conn.readMany(undefined, -1)).toEqual([Buffer.from('b0'), Buffer.from('b1')]);
  });

  it('reports each message on the receive channel while someone listens', async () => {
    const server = new LoopServer('many-probe');
    const conn = await open('loop://many-probe');
    const seen: number[] = [];
    const listener = (event: unknown): void => void seen.push((event as { queued: number }).queued);
    subscribe(diagnosticsChannels.receive, listener);
    try {
      server.pushMany(['p0', 'p1', 'p2']);
    } finally {
      unsubscribe(diagnosticsChannels.receive, listener);
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(await conn.readMany(undefined, -1)).toEqual(['p0', 'p1', 'p2']);
  });
});

describe('DeliveryBatch (core, for drivers)', () => {
  it('delivers what one synchronous run added in one call at its end, in order, metadata kept with its message', async () => {
    const server = new LoopServer('batch-run');
    const conn = await open('loop://batch-run');
    const batch = new DeliveryBatch(server.context());
    const meta = Object.freeze({ transport: 'stream' as const });
    const outcomes: string[] = [];
    batch.add('k0', 2);
    batch.add('k1', 2, (o) => outcomes.push(`k1:${o}`), meta);
    batch.add('k2', 2);
    expect(conn.stats().received).toBe(0);
    await Promise.resolve();
    expect(conn.stats()).toMatchObject({ received: 3, queued: 3 });
    const first = await conn.readMessage(-1);
    expect(first).toMatchObject({ data: 'k0' });
    expect(first).not.toHaveProperty('transport', 'stream');
    expect(await conn.readMessage(-1)).toMatchObject({ data: 'k1', transport: 'stream' });
    expect(outcomes).toEqual(['k1:delivered']);
    expect(await conn.read(-1)).toBe('k2');
  });

  it('hands a batch over as soon as it fills the room the queue had left, so intake stops as with deliver()', async () => {
    const server = new LoopServer('batch-room');
    const conn = await open('loop://batch-room|qsize=2');
    const batch = new DeliveryBatch(server.context());
    const outcomes: string[] = [];
    batch.add('r0', 2, (o) => outcomes.push(`r0:${o}`));
    expect(conn.stats().queued).toBe(0);
    batch.add('r1', 2, (o) => outcomes.push(`r1:${o}`));
    expect(conn.stats()).toMatchObject({ queued: 2, paused: true });
    expect(server.paused).toBe(true);
    batch.add('r2', 2, (o) => outcomes.push(`r2:${o}`));
    expect(conn.stats().queued).toBe(3);
    expect(await conn.readMany(undefined, -1)).toEqual(['r0', 'r1', 'r2']);
    expect(outcomes).toEqual(['r0:delivered', 'r1:delivered', 'r2:delivered']);
    expect(server.paused).toBe(false);
  });

  it('flush() delivers at once, and a later add starts a new batch', async () => {
    const server = new LoopServer('batch-flush');
    const conn = await open('loop://batch-flush');
    const batch = new DeliveryBatch(server.context());
    batch.add('q0', 2);
    batch.flush();
    expect(conn.stats().queued).toBe(1);
    batch.add('q1', 2);
    await Promise.resolve();
    expect(await conn.readMany(undefined, -1)).toEqual(['q0', 'q1']);
  });
});
