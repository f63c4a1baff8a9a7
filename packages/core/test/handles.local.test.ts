import { afterEach, describe, expect, it } from 'vitest';
import { DialError, dial, release, type Connection } from '../src/index.js';
import {
  currentThread,
  deserializeError,
  handleChannel,
  makeHandle,
  ownerThread,
  serializeError,
} from '../src/handles/protocol.js';
import { Registry } from '../src/registry.js';
import { failure } from './support/handle-peer.js';
import { LoopServer, loopDriver } from './support/loop-driver.js';

// docs/design.md#handles within one thread: views of this thread's own handles, release(), and
// what crosses between threads when a call fails.
const registry = new Registry().register(loopDriver);
const opened: Connection[] = [];
let serial = 0;
afterEach(async () => {
  await Promise.all(opened.splice(0).map((conn) => conn.close()));
});

async function open(address: string | number): Promise<Connection> {
  const conn = await dial(address as string, { registry });
  opened.push(conn);
  return conn;
}

describe('handles of this thread', () => {
  it('are positive, distinct, and name this thread as their owner', async () => {
    const server = new LoopServer(`local${++serial}`);
    const [a, b] = [await open(`loop://${server.name}`), await open(`loop://${server.name}`)];
    const [ha, hb] = [a.fd(), b.fd()];
    expect(a.fd()).toBe(ha);
    expect(hb).not.toBe(ha);
    for (const handle of [ha, hb]) {
      expect(Number.isSafeInteger(handle) && handle > 0).toBe(true);
      expect(ownerThread(handle)).toBe(currentThread());
    }
    expect(hb).toBeGreaterThan(ha);
    expect(ownerThread(makeHandle(3))).toBe(currentThread());
    expect(makeHandle(3)).toBeGreaterThan(0);
  });

  it('talk on one process-wide channel', () => {
    expect(handleChannel()).toBe(handleChannel());
  });

  it('release(handle) closes the connection for every view, which then gets NotFound', async () => {
    const server = new LoopServer(`local${++serial}`);
    const conn = await open(`loop://${server.name}`);
    const handle = conn.fd();
    const view = await dial(handle, { registry });
    expect(await release(handle)).toBe(true);
    expect(server.linkCount).toBe(0);
    const got = await failure(view.write('late'));
    expect(got).toBeInstanceOf(DialError);
    expect(got).toMatchObject({ code: 'NotFound', message: `no connection has handle ${handle}` });
    expect(server.received).toEqual([]);
    await view.close().catch(() => undefined);
  });

  it('a view of a released handle closes without error, as often as asked', async () => {
    const server = new LoopServer(`local${++serial}`);
    const conn = await open(`loop://${server.name}`);
    const view = await dial(conn.fd(), { registry });
    expect(await release(conn.fd())).toBe(true);
    await view.close();
    await view.close();
    expect(view.state).toBe('closed');
  });

  it('a view’s read(timeout) gives null when nothing arrives in time', async () => {
    const server = new LoopServer(`local${++serial}`);
    const conn = await open(`loop://${server.name}`);
    const view = await open(conn.fd());
    expect(await view.read(20)).toBeNull();
  });

  it('release(handle) after every holder closed forgets it without error', async () => {
    const server = new LoopServer(`local${++serial}`);
    const conn = await open(`loop://${server.name}`);
    const handle = conn.fd();
    await conn.close();
    expect(await release(handle)).toBe(true);
    expect(server.connects).toBe(1);
  });

  it('a view keeps the connection open after the original closes; the last close ends it', async () => {
    const server = new LoopServer(`local${++serial}`);
    const conn = await open(`loop://${server.name}`);
    const view = await open(conn.fd());
    await conn.close();
    expect(await view.write('kept')).toBe(4);
    expect(server.linkCount).toBe(1);
    await view.close();
    expect(server.linkCount).toBe(0);
  });
});

describe('a failure crossing threads', () => {
  it('keeps every field of a DialError', () => {
    const fields = {
      code: 'Protocol',
      message: 'item 2 refused',
      scheme: 'loop',
      address: 'loop://x',
      op: 'write',
      retryable: true,
      serverCode: 'E42',
      index: 2,
    } as const;
    const sent = serializeError(new DialError(fields));
    expect(sent).toEqual(fields);
    const back = deserializeError(sent);
    expect(back).toBeInstanceOf(DialError);
    expect(back).toMatchObject(fields);
  });

  it('turns anything else into Unknown with its message', () => {
    expect(serializeError(new Error('boom'))).toEqual({ code: 'Unknown', message: 'boom' });
    expect(serializeError('plain text')).toEqual({ code: 'Unknown', message: 'plain text' });
  });

  it('names the handle operation when the sender named none', () => {
    const back = deserializeError({ code: 'Unknown', message: 'boom' });
    expect(back).toBeInstanceOf(DialError);
    expect(back).toMatchObject({ code: 'Unknown', message: 'boom', op: 'handle' });
  });
});
