import { describe, expect, it } from 'vitest';
import { LoopServer } from './support/loop-driver.js';
import { loopConnections } from './support/loop-connections.js';

const open = loopConnections();

describe('readMany acknowledgements (core)', () => {
  it('settles exactly the messages it hands over as delivered, the rest as released at close', async () => {
    const server = new LoopServer('batch-acks');
    const conn = await open('loop://batch-acks');
    const outcomes: string[] = [];
    for (const m of ['a0', 'a1', 'a2', 'a3', 'a4']) server.pushAcked(m, outcomes);
    expect(await conn.readMany(2, -1)).toEqual(['a0', 'a1']);
    expect(outcomes).toEqual(['a0:delivered', 'a1:delivered']);
    await conn.close();
    expect(outcomes).toEqual(['a0:delivered', 'a1:delivered', 'a2:released', 'a3:released', 'a4:released']);
  });

  it('-2 acknowledges the discarded ones and the newest max it hands over', async () => {
    const server = new LoopServer('batch-newest');
    const conn = await open('loop://batch-newest');
    const outcomes: string[] = [];
    for (const m of ['n0', 'n1', 'n2', 'n3']) server.pushAcked(m, outcomes);
    expect(await conn.readMany(3, -2)).toEqual(['n1', 'n2', 'n3']);
    expect(outcomes.sort()).toEqual(['n0:delivered', 'n1:delivered', 'n2:delivered', 'n3:delivered']);
  });
});

describe('writeMany failures (core)', () => {
  it('names the first item not written in the error and its index', async () => {
    const server = new LoopServer('batch-refuse');
    server.refuse = 'bad';
    const conn = await open('loop://batch-refuse');
    const failure = await conn.writeMany(['ok-0', 'ok-1', 'bad', 'ok-3']).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'DialError', code: 'Protocol', op: 'write', index: 2 });
    expect(String((failure as Error).message)).toContain('item 2 of 4 was not written');
    expect(server.received.slice(0, 2)).toEqual(['ok-0', 'ok-1']);
  });
});

describe('handles carry the new calls (core)', () => {
  it('readMessage, readMany and writeMany work on a dial(handle) view', async () => {
    new LoopServer('batch-handle');
    const owner = await open('loop://batch-handle');
    const view = await open(owner.fd());
    expect(await view.writeMany(['h0', 'h1', 'h2'])).toBe(6);
    for (let i = 0; owner.stats().queued < 3 && i < 200; i += 1) await new Promise((r) => setTimeout(r, 5));
    expect(await view.readMessage(-1)).toMatchObject({ data: 'h0', transport: 'stream' });
    expect(await view.readMany(undefined, -1)).toEqual(['h1', 'h2']);
    expect(await view.readMany(5, -1)).toBeNull();
  });
});
