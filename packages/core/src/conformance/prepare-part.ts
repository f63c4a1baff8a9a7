import { expect, it } from 'vitest';
import { dial } from '../dial.js';
import type { Connection } from '../connection/connection.js';
import { text, waitFor, withOptions, type Suite } from './helpers.js';

interface Login {
  attempt: number;
  serial: number;
  signedAt: number;
}

/** Reads until a `login:` echo arrives (the peer echoes what was sent), skipping anything else. */
async function nextLogin(conn: Connection, patienceMs: number): Promise<Login> {
  const deadline = Date.now() + patienceMs;
  while (Date.now() < deadline) {
    const message = await conn.read(patienceMs);
    const match = message === null ? null : /^login:(\d+):(\d+):(\d+)$/.exec(text(message));
    if (match !== null) return { attempt: Number(match[1]), serial: Number(match[2]), signedAt: Number(match[3]) };
  }
  throw new Error('no login payload came back');
}

/** `prepare` runs before every connect and its payload is what gets sent; `conn.reconnect()` re-dials now. */
export function prepare(suite: Suite): void {
  const { harness } = suite.input;

  it('sends a login signed in prepare(), fresh on every connect, re-dial and reconnect()', async () => {
    let serial = 0;
    const calls: number[] = [];
    const conn = await dial(withOptions(await harness.address(), 'reconnect=true&interval=50'), {
      registry: suite.registry,
      prepare: (attempt, signal) => {
        expect(signal).toBeInstanceOf(AbortSignal);
        calls.push(attempt);
        return { payload: `login:${attempt}:${serial++}:${Date.now()}` };
      },
    });
    suite.track(conn);
    const first = await nextLogin(conn, suite.patienceMs);
    expect(first).toMatchObject({ attempt: 0, serial: 0 });

    const droppedAt = Date.now();
    await harness.drop!();
    try {
      await waitFor(() => conn.state !== 'open', suite.patienceMs, 'the link to drop');
    } finally {
      await harness.restore!();
    }
    await waitFor(() => conn.state === 'open', suite.patienceMs * 3, 'the reconnect');
    const second = await nextLogin(conn, suite.patienceMs);
    expect(second.attempt).toBeGreaterThanOrEqual(1);
    expect(second.serial).toBe(calls.length - 1); // the payload of the attempt that succeeded
    expect(second.signedAt).toBeGreaterThanOrEqual(droppedAt); // signed for this connect, not reused

    const rotatedAt = Date.now();
    const reconnects = conn.stats().reconnects;
    await conn.reconnect();
    expect(conn.state).toBe('open');
    expect(conn.stats().reconnects).toBe(reconnects + 1);
    const third = await nextLogin(conn, suite.patienceMs);
    expect(third).toMatchObject({ attempt: 0, serial: calls.length - 1 });
    expect(third.signedAt).toBeGreaterThanOrEqual(rotatedAt);
    expect(calls[0]).toBe(0);
    expect(calls.at(-1)).toBe(0);
  }, 60_000);

  it("fails the dial with prepare()'s error, and rejects a bad return value by name", async () => {
    const address = await harness.address();
    const boom = dial(address, {
      registry: suite.registry,
      prepare: () => {
        throw new Error('listen key service down');
      },
    });
    await expect(boom).rejects.toMatchObject({
      name: 'DialError',
      code: 'Unavailable',
      message: expect.stringContaining('prepare() failed: listen key service down'),
    });
    const bad = dial(address, { registry: suite.registry, prepare: () => ({ payload: 42 }) as never });
    await expect(bad).rejects.toMatchObject({
      code: 'InvalidArgument',
      message: expect.stringContaining('prepare() returned a payload that is not a string'),
    });
    const other = dial(address, { registry: suite.registry, prepare: () => ({ url: 'gopher://x:1' }) });
    await expect(other).rejects.toMatchObject({
      code: 'InvalidArgument',
      message: expect.stringContaining('a url of another scheme'),
    });
    if (!Object.hasOwn(suite.input.driver.options, 'headers')) {
      await expect(
        dial(address, { registry: suite.registry, prepare: () => ({ headers: { 'X-Key': 'k' } }) }),
      ).rejects.toMatchObject({
        code: 'InvalidArgument',
        message: expect.stringContaining('has no handshake headers'),
      });
    }
    await expect(dial(address, { registry: suite.registry, prepare: 'no' as never })).rejects.toMatchObject({
      code: 'InvalidArgument',
      message: expect.stringContaining('prepare must be a function'),
    });
  });

  it('reconnect() on a closed connection rejects with Closed', async () => {
    const conn = await suite.open();
    await conn.close();
    await expect(conn.reconnect()).rejects.toMatchObject({ code: 'Closed' });
  });
}
