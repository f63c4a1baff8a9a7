// The read modes and acknowledgement paths of Connection (connection/connection.ts) against the
// survivors of its mutation run on 0a1e8d9 (issue #11.5, docs/mutation.md): each test kills
// mutants the other core tests let live. The loop driver is the real in-memory peer.
import { afterEach, describe, expect, it } from 'vitest';
import { dial, type Connection } from '../src/index.js';
import type { Driver, Endpoint } from '../src/driver/index.js';
import type { DialError } from '../src/errors.js';
import { Registry } from '../src/registry.js';
import { waitFor } from '../src/conformance/helpers.js';
import { LoopServer, loopDriver } from './support/loop-driver.js';

/** A database driver whose link runs every statement as an empty result. */
const sqlDriver: Driver<Endpoint> = {
  name: 'memsql',
  packageName: '@omnidial/core (tests)',
  schemes: ['memsql'],
  description: 'an in-memory database link',
  capabilities: { kind: 'sql', reconnect: false, acknowledgements: false, proxy: false, tls: false, payload: false },
  options: {},
  examples: ['memsql://x'],
  parse: ({ scheme, base }) => ({ scheme, redacted: base, secrets: [] }),
  load: async () => ({
    connect: async () => ({ exec: async () => ({ columns: [], values: [] }), close: async () => undefined }),
  }),
};

const registry = new Registry().register(loopDriver).register(sqlDriver);
const opened: Connection[] = [];
let serial = 0;

async function open(options = ''): Promise<{ conn: Connection; server: LoopServer }> {
  const server = new LoopServer(`reads${++serial}`);
  const conn = await dial(`loop://${server.name}${options === '' ? '' : `|${options}`}`, { registry });
  opened.push(conn);
  return { conn, server };
}

/** Collects what `for await` gives until the iterator ends. */
function iterate(conn: Connection): { got: unknown[]; done: Promise<void> } {
  const got: unknown[] = [];
  const done = (async () => {
    for await (const message of conn) got.push(message);
  })();
  return { got, done };
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

describe('Connection read modes', () => {
  it('a database refuses read(), readMessage(), readMany(), write() and writeMany(), naming the call', async () => {
    const conn = await dial('memsql://x', { registry });
    opened.push(conn);
    const calls: [string, () => Promise<unknown>][] = [
      ['read', () => conn.read(-1)],
      ['read', () => conn.readMessage(-1)],
      ['read', () => conn.readMany(undefined, -1)],
      ['write', () => conn.write('x')],
      ['write', () => conn.writeMany(['x'])],
    ];
    for (const [op, call] of calls) {
      const error = (await call().catch((e: unknown) => e)) as DialError;
      expect(error).toMatchObject({ name: 'DialError', code: 'Unimplemented', op });
      expect(error.message).toBe(`memsql:// is a database: use exec(sql, ...params), not ${op}()`);
    }
    const iterated = (await iterate(conn).done.catch((e: unknown) => e)) as DialError;
    expect(iterated).toMatchObject({ name: 'DialError', code: 'Unimplemented', op: 'read' });
    expect(iterated.message).toBe('memsql:// is a database: use exec(sql, ...params), not read()');
  });

  it('with messages queued, read(NaN) is still refused and read({ timeout: -2 }) takes the newest', async () => {
    const { conn, server } = await open();
    for (const m of ['a', 'b', 'c']) server.push(m);
    const error = (await conn.read(Number.NaN).catch((e: unknown) => e)) as DialError;
    expect(error).toMatchObject({ code: 'InvalidArgument', op: 'read' });
    expect(conn.stats().queued).toBe(3);
    expect(await conn.read({ timeout: -2 })).toBe('c');
    expect(conn.stats()).toMatchObject({ queued: 0, discarded: 2 });
  });

  it('a dial(handle) view reads what its owner received', async () => {
    const { conn: owner, server } = await open();
    const view = await dial(owner.fd(), { registry });
    opened.push(view);
    server.push('for-the-view');
    expect(await view.read()).toBe('for-the-view');
  });

  it('a holder that closed while another holds the handle reads "" and [] and says closed', async () => {
    const { conn: owner, server } = await open();
    const view = await dial(owner.fd(), { registry });
    opened.push(view);
    let closeEvents = 0;
    owner.on('close', () => (closeEvents += 1));
    await owner.close();
    expect(closeEvents).toBe(1);
    expect(owner.state).toBe('closed');
    server.push('still-for-the-view');
    expect(await owner.read()).toBe('');
    expect(await owner.readMessage()).toBe('');
    expect(await owner.readMany()).toEqual([]);
    expect(await view.read()).toBe('still-for-the-view');
    await expect(owner.reconnect()).rejects.toMatchObject({ code: 'Closed' });
    const error = (await owner.reconnect().catch((e: unknown) => e)) as DialError;
    expect(error.message).toMatch(/connection is closed/);
  });

  it('a greeting the server sends before the connect completes is read first', async () => {
    const server = new LoopServer(`reads${++serial}`);
    server.greeting = 'hello';
    const conn = await dial(`loop://${server.name}`, { registry });
    opened.push(conn);
    expect(await conn.read(-1)).toBe('hello');
  });

  it('an iterator waiting for the next message ends when the connection gives up', async () => {
    const { conn, server } = await open();
    const { got, done } = iterate(conn);
    server.push('a');
    await waitFor(() => got.length === 1, 2000, 'the first message');
    server.drop();
    await done;
    expect(got).toEqual(['a']);
    expect(conn.state).toBe('disconnected');
  });

  it('an iterator started after the connection gave up gives what is queued and ends', async () => {
    const { conn, server } = await open();
    server.push('kept');
    server.drop();
    const { got, done } = iterate(conn);
    await done;
    expect(got).toEqual(['kept']);
  });

  it('an iterator waiting for the next message goes on across a reconnect; the drop stays the last error', async () => {
    const { conn, server } = await open('reconnect=true&interval=10');
    const { got, done } = iterate(conn);
    server.push('a');
    await waitFor(() => got.length === 1, 2000, 'the first message');
    server.drop();
    server.restore();
    await waitFor(() => conn.state === 'open', 2000, 'the reconnect');
    expect(conn.stats().lastError).toMatchObject({ code: 'Unavailable' });
    server.push('b');
    await waitFor(() => got.length === 2, 2000, 'the message after the reconnect');
    await conn.close();
    await done;
    expect(got).toEqual(['a', 'b']);
  });
});

describe('Connection acknowledgements', () => {
  it('a message delivered after close() is released, not queued or counted', async () => {
    const { conn, server } = await open();
    const outcomes: string[] = [];
    server.pushAcked('before', outcomes);
    await conn.close();
    expect(outcomes).toEqual(['before:released']);
    server.pushLate('late', outcomes);
    server.pushLate('plain');
    expect(outcomes).toEqual(['before:released', 'late:released']);
    expect(conn.stats()).toMatchObject({ received: 1, queued: 0 });
  });

  it('the drop event comes only when a message was dropped', async () => {
    const { conn, server } = await open('qsize=2');
    const drops: number[] = [];
    conn.on('drop', ({ total }) => drops.push(total));
    server.push('a');
    server.push('b');
    expect(drops).toEqual([]);
    server.push('c');
    expect(drops).toEqual([1]);
    expect(await conn.readMany()).toEqual(['b', 'c']);
  });
});
