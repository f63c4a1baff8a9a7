import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dial, type Connection } from '../src/index.js';
import type { Driver, Endpoint, SqlLink } from '../src/driver/index.js';
import { currentThread, makeHandle } from '../src/handles/protocol.js';
import { Registry } from '../src/registry.js';
import { HandlePeer, THREAD_STRIDE } from './support/handle-peer.js';
import { LoopServer, loopDriver } from './support/loop-driver.js';
import { ScriptPeer, scriptDriver } from './support/script-driver.js';

// docs/design.md#handles, the owner's end (src/handles/owner.ts): a connection of this thread
// whose `fd()` a holder in another thread uses. That holder is played here by a HandlePeer on
// the same channel, so the owner's code runs in the test's thread.

/** An SQL link that counts its closes; `sql://…` endpoints are volatile, as `sqlite3://:memory:` is. */
class CountingSql implements SqlLink {
  closes = 0;
  async exec(sql: string, params: readonly unknown[]): Promise<{ columns: string[]; values: unknown[][] }> {
    return { columns: [sql], values: [[...params]] };
  }
  async close(): Promise<void> {
    this.closes += 1;
  }
}
const sqlLinks: CountingSql[] = [];
const volatileSql: Driver<Endpoint> = {
  name: 'volatile-sql',
  packageName: '@omnidial/core (tests)',
  schemes: ['sql'],
  description: 'an in-memory database that lives until released',
  capabilities: { kind: 'sql', reconnect: false, acknowledgements: false, proxy: false, tls: false, payload: false },
  options: {},
  examples: ['sql://x'],
  parse: ({ scheme, base }) => ({ scheme, redacted: base, secrets: [], volatile: true }),
  load: async () => ({ connect: async () => sqlLinks[sqlLinks.push(new CountingSql()) - 1]! }),
};

const registry = new Registry().register(loopDriver).register(scriptDriver).register(volatileSql);
/** A thread id no real thread of the test run has. */
const HOLDER_THREAD = 907;
let holder: HandlePeer;
let serial = 0;
const opened: Connection[] = [];
beforeEach(() => {
  holder = new HandlePeer(HOLDER_THREAD);
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((conn) => conn.close()));
  holder.close();
});

async function open(address: string): Promise<Connection> {
  const conn = await dial(address, { registry });
  opened.push(conn);
  return conn;
}

async function loop(): Promise<{ server: LoopServer; conn: Connection; handle: number }> {
  const server = new LoopServer(`owner${++serial}`);
  const conn = await open(`loop://${server.name}`);
  return { server, conn, handle: conn.fd() };
}

describe('a handle’s owner answering a holder in another thread', () => {
  it('gives the holder the scheme, the redacted address and the kind, never the credentials', async () => {
    new ScriptPeer('owner-secret');
    const conn = await open('script://ann:s3cr3t-pw@owner-secret');
    const answer = await holder.ask(conn.fd(), 'attach');
    expect(answer).toMatchObject({ kind: 'response', to: HOLDER_THREAD, ok: true });
    expect(answer.value).toEqual({ scheme: 'script', redacted: conn.address, kind: conn.kind });
    expect(JSON.stringify(answer)).not.toContain('s3cr3t-pw');
  });

  it('runs the holder’s writes and reads on the same connection, each call answered', async () => {
    const { server, handle } = await loop();
    await holder.ask(handle, 'attach');
    expect(await holder.ask(handle, 'write', ['w1'])).toMatchObject({ ok: true, value: 2 });
    expect(await holder.ask(handle, 'read', [1000])).toMatchObject({ ok: true, value: 'w1' });
    expect(await holder.ask(handle, 'writeMany', [['m1', 'm2']])).toMatchObject({ ok: true, value: 4 });
    expect(await holder.ask(handle, 'readMessage', [1000])).toMatchObject({ value: { data: 'm1' } });
    expect(await holder.ask(handle, 'readMany', [5, 1000])).toMatchObject({ value: ['m2'] });
    expect(server.received).toEqual(['w1', 'm1', 'm2']);
    expect(server.connects).toBe(1);
  });

  it('runs the holder’s statements on an SQL connection', async () => {
    const conn = await open('sql://stmts');
    const handle = conn.fd();
    await holder.ask(handle, 'attach');
    const answer = await holder.ask(handle, 'exec', ['select ?', [3]]);
    expect(answer).toMatchObject({ ok: true, value: { columns: ['select ?'] } });
  });

  it('answers a failed call with the DialError’s code, op and where it happened, without credentials', async () => {
    new ScriptPeer('owner-fails');
    const conn = await open('script://ann:s3cr3t-pw@owner-fails');
    const handle = conn.fd();
    await holder.ask(handle, 'attach');
    const answer = await holder.ask(handle, 'readMany', [-5, 0]);
    expect(answer.ok).toBe(false);
    expect(answer.error).toMatchObject({
      code: 'InvalidArgument',
      op: 'read',
      scheme: 'script',
      address: conn.address,
    });
    expect(answer.error?.message).toMatch(/max/);
    expect(JSON.stringify(answer)).not.toContain('s3cr3t-pw');
  });

  it('keeps the connection while a holder has it, and closes it when the last one lets go', async () => {
    const { server, conn, handle } = await loop();
    await holder.ask(handle, 'attach');
    await conn.close();
    expect(conn.state).toBe('closed');
    expect(await holder.ask(handle, 'write', ['still'])).toMatchObject({ ok: true, value: 5 });
    expect(server.linkCount).toBe(1);
    expect(await holder.ask(handle, 'release')).toMatchObject({ ok: true });
    expect(server.linkCount).toBe(0);
    const late = await holder.ask(handle, 'write', ['late']);
    expect(late).toMatchObject({ ok: false, error: { code: 'Closed', op: 'handle' } });
    expect(late.error?.message).toBe(`handle ${handle} was released`);
    expect(server.received).toEqual(['still']);
  });

  it('re-dials the original address when a holder attaches after every holder let go', async () => {
    const { server, conn, handle } = await loop();
    await conn.close();
    expect(server.linkCount).toBe(0);
    expect(await holder.ask(handle, 'attach')).toMatchObject({ ok: true, value: { redacted: conn.address } });
    expect(server.connects).toBe(2);
    expect(await holder.ask(handle, 'write', ['again'])).toMatchObject({ ok: true, value: 5 });
    await holder.ask(handle, 'release');
    expect(server.linkCount).toBe(0);
  });

  it('counts each holder: one release of two leaves the connection open', async () => {
    const { server, conn, handle } = await loop();
    await holder.ask(handle, 'attach');
    await holder.ask(handle, 'attach');
    await conn.close();
    await holder.ask(handle, 'release');
    expect(server.linkCount).toBe(1);
    await holder.ask(handle, 'release');
    expect(server.linkCount).toBe(0);
  });

  it('free closes the connection for every holder and forgets the handle', async () => {
    const { server, conn, handle } = await loop();
    await holder.ask(handle, 'attach');
    expect(await holder.ask(handle, 'free')).toMatchObject({ ok: true, value: true });
    expect(server.linkCount).toBe(0);
    const late = await dial(handle, { registry, timeout: 0.05 }).then(
      () => 'attached',
      (error: { code?: string }) => error.code,
    );
    expect(late).toBe('NotFound');
    expect(conn.state).toBe('closed');
  });

  it('answers only requests for its own handles from other threads', async () => {
    const { server, handle } = await loop();
    holder.post(null);
    holder.post({
      kind: 'response',
      id: 900,
      to: currentThread(),
      ok: true,
      handle,
      op: 'write',
      args: ['as-response'],
    });
    holder.post({ kind: 'request', id: 901, from: currentThread(), handle, op: 'write', args: ['from-itself'] });
    holder.post({
      kind: 'request',
      id: 902,
      from: HOLDER_THREAD,
      handle: makeHandle(THREAD_STRIDE - 1),
      op: 'write',
      args: ['not-its'],
    });
    expect(await holder.ask(handle, 'write', ['asked'])).toMatchObject({ ok: true, value: 5 });
    expect(server.received).toEqual(['asked']);
    expect(holder.responses.map((response) => response.id)).toEqual([1]);
  });
});

describe('a volatile connection (`:memory:`)', () => {
  it('outlives all its holders until release(handle), which closes it', async () => {
    const { release } = await import('../src/index.js');
    const conn = await open('sql://mem');
    const handle = conn.fd();
    const link = sqlLinks.at(-1)!;
    await holder.ask(handle, 'attach');
    await conn.close();
    await holder.ask(handle, 'release');
    expect(link.closes).toBe(0);
    expect(await holder.ask(handle, 'exec', ['select ?', [1]])).toMatchObject({ ok: true });
    expect(await release(handle)).toBe(true);
    expect(link.closes).toBe(1);
  });
});
