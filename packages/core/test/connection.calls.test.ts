// A call's timeout and signal and the errors of a failed call (connection/{delay,call-signal,
// call-errors,failures}.ts) against the survivors of their mutation run (issue #11.5,
// docs/mutation.md): each test kills mutants the other core tests let live. The loop driver is
// the real in-memory peer; `memsql://` an in-memory database whose statements the test controls.
import { afterEach, describe, expect, it } from 'vitest';
import { dial, type Connection } from '../src/index.js';
import type { Driver, Endpoint } from '../src/driver/index.js';
import type { DialError } from '../src/errors.js';
import { Registry } from '../src/registry.js';
import { LoopServer, loopDriver } from './support/loop-driver.js';

/** `HOLD` runs until the test lets it go (it cannot be canceled), `FAIL` fails with a plain Error. */
const held: (() => void)[] = [];
const sqlDriver: Driver<Endpoint> = {
  name: 'memsql',
  packageName: '@omnidial/core (tests)',
  schemes: ['memsql'],
  description: 'an in-memory database link whose statements the test controls',
  capabilities: { kind: 'sql', reconnect: false, acknowledgements: false, proxy: false, tls: false, payload: false },
  options: {},
  examples: ['memsql://x'],
  parse: ({ scheme, base }) => ({ scheme, redacted: base, secrets: [] }),
  load: async () => ({
    connect: async () => ({
      exec: async (sql: string) => {
        if (sql === 'FAIL') throw new Error('no such table: t');
        if (sql === 'HOLD') await new Promise<void>((resolve) => held.push(resolve));
        return { columns: ['v'], values: [[1]] };
      },
      close: async () => undefined,
    }),
  }),
};

const registry = new Registry().register(loopDriver).register(sqlDriver);
const opened: Connection[] = [];
let serial = 0;
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function open(): Promise<{ conn: Connection; server: LoopServer }> {
  const server = new LoopServer(`calls${++serial}`);
  const conn = await dial(`loop://${server.name}`, { registry });
  opened.push(conn);
  return { conn, server };
}

// Timeouts of calls that end at once are 1 s, not minutes (but for the one the abort must beat): the deadline timer a call leaves
// (AbortSignal.timeout) is gone before later test files count active timers.
afterEach(async () => {
  for (const release of held.splice(0)) release();
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

describe('a write with a timeout or a signal', () => {
  it('a write that outlives its timeout rejects with Timeout, naming the timeout', async () => {
    const { conn, server } = await open();
    server.holdWrites = true;
    const error = (await conn.write('x', 30).catch((e: unknown) => e)) as DialError;
    expect(error).toMatchObject({ name: 'DialError', code: 'Timeout', op: 'write', scheme: 'loop' });
    expect(error.message).toMatch(/write timed out after 30 ms/);
  });

  it('a timeout of 0 is none, and one beyond what a timer holds (2 ** 31 ms) too: the write waits for the peer', async () => {
    const { conn, server } = await open();
    server.holdWrites = true;
    // A timer of 2 ** 31 ms or more fires after 1 ms (TimeoutOverflowWarning).
    const pending = [conn.write('x', 0), conn.write('y', 2 ** 31)];
    await pause(30);
    server.releaseWrites();
    expect(await Promise.all(pending)).toEqual([1, 1]);
  });

  it('a write with only a signal is sent; aborting the signal cancels a held write that also has a timeout', async () => {
    const { conn, server } = await open();
    expect(await conn.write('a', { signal: new AbortController().signal })).toBe(1);
    server.holdWrites = true;
    const controller = new AbortController();
    // A deadline far off: the abort, not the deadline, must end the write.
    const pending = conn.write('b', { signal: controller.signal, timeout: 60_000 });
    controller.abort();
    const error = (await pending.catch((e: unknown) => e)) as DialError;
    expect(error).toMatchObject({ name: 'DialError', code: 'Canceled', op: 'write' });
    expect(error.message).toBe(`loop: write was canceled`);
  });

  it('an error a client library throws as it is becomes an Unknown DialError of write with its text', async () => {
    const { conn, server } = await open();
    server.breakWrites = new Error('socket buffer exploded');
    const error = (await conn.write('x').catch((e: unknown) => e)) as DialError;
    expect(error).toMatchObject({ name: 'DialError', code: 'Unknown', op: 'write', scheme: 'loop' });
    expect(error.message).toMatch(/socket buffer exploded/);
  });

  it('a dial(handle) view, which has no diagnostics probe, gets the same write errors, and its timeout and signal end its write', async () => {
    const { conn: owner, server } = await open();
    const view = await dial(owner.fd(), { registry });
    opened.push(view);
    server.refuse = 'bad';
    expect(await view.write('bad').catch((e: unknown) => e)).toMatchObject({ name: 'DialError', code: 'Protocol' });
    server.holdWrites = true;
    const late = (await view.write('x', 30).catch((e: unknown) => e)) as DialError;
    expect(late).toMatchObject({ name: 'DialError', code: 'Timeout', op: 'write' });
    expect(late.message).toMatch(/write timed out after 30 ms/);
    const controller = new AbortController();
    const canceled = view.writeMany(['y'], { signal: controller.signal });
    controller.abort();
    expect(await canceled.catch((e: unknown) => e)).toMatchObject({ code: 'Canceled', op: 'write' });
    server.holdWrites = false;
    const aborted = view.write('z', { signal: AbortSignal.abort() });
    expect(await aborted.catch((e: unknown) => e)).toMatchObject({ code: 'Canceled', op: 'write' });
  });

  it("a connection's own argument errors name the scheme and the redacted address", async () => {
    const { conn, server } = await open();
    const error = (await conn.write(42 as unknown as string).catch((e: unknown) => e)) as DialError;
    expect(error).toMatchObject({ code: 'InvalidArgument', scheme: 'loop', address: `loop://${server.name}` });
  });
});

describe('a read with a timeout beyond what a timer holds', () => {
  it('read(2 ** 31) waits for the message like read() (a longer timer would fire after 1 ms)', async () => {
    const { conn, server } = await open();
    const pending = conn.read(2 ** 31);
    await pause(30);
    server.push('late');
    expect(await pending).toBe('late');
  });
});

describe('exec() with a timeout or a signal, on a database that cannot cancel a statement', () => {
  it('a statement that outlives its timeout rejects with Timeout; one that fails rejects with its error', async () => {
    const conn = await dial('memsql://x', { registry });
    opened.push(conn);
    const error = (await conn.exec({ sql: 'HOLD', timeout: 30 }).catch((e: unknown) => e)) as DialError;
    expect(error).toMatchObject({ code: 'Timeout', op: 'exec' });
    const failed = (await conn.exec({ sql: 'FAIL', timeout: 1_000 }).catch((e: unknown) => e)) as DialError;
    expect(failed).toMatchObject({ name: 'DialError', code: 'Unknown', op: 'exec' });
    expect(failed.message).toMatch(/no such table: t/);
    expect((await conn.exec({ sql: 'SELECT 1', timeout: 1_000 })).values).toEqual([[1]]);
  });

  it('aborting the signal ends a running statement with Canceled', async () => {
    const conn = await dial('memsql://x', { registry });
    opened.push(conn);
    const controller = new AbortController();
    const pending = conn.exec({ sql: 'HOLD', signal: controller.signal });
    await pause(10);
    controller.abort();
    expect(await pending.catch((e: unknown) => e)).toMatchObject({ code: 'Canceled', op: 'exec' });
  });
});
