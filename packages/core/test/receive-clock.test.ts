import { afterEach, describe, expect, it, vi } from 'vitest';
import { dial, type Connection } from '../src/index.js';
import { receiveTime } from '../src/connection/receive-clock.js';
import { Registry } from '../src/registry.js';
import { LoopServer, loopDriver } from './support/loop-driver.js';

const registry = new Registry().register(loopDriver);
const opened: Connection[] = [];

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

/** Resolves once the wall clock has moved past `ms`. */
async function clockPast(ms: number): Promise<void> {
  while (Date.now() <= ms) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe('receive time', () => {
  it('is read once per synchronous run, and read again in the next one', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000_000);
    await Promise.resolve(); // a run of its own: no reading from an earlier one carries over
    const first = receiveTime();
    vi.setSystemTime(2_000_000);
    expect(receiveTime(), 'the same run shares its first reading').toBe(first);
    expect(first).toBe(1_000_000);
    await Promise.resolve();
    expect(receiveTime(), 'a later run reads the clock again').toBe(2_000_000);
  });

  it('readMessage() of a message delivered in a later turn is stamped in that turn', async () => {
    const server = new LoopServer('receive-clock');
    const conn = await dial(`loop://${server.name}`, { registry });
    opened.push(conn);
    server.push('first');
    const first = await conn.readMessage();
    if (first === null || first === '') throw new Error('no first message');
    await clockPast(first.receivedAt);
    const before = Date.now();
    server.push('second');
    const second = await conn.readMessage();
    if (second === null || second === '') throw new Error('no second message');
    expect(second.receivedAt).toBeGreaterThanOrEqual(before);
    expect(second.receivedAt).toBeLessThanOrEqual(Date.now());
  });

  it('a readMessage() waiting when the message arrives is stamped as it is handed over', async () => {
    const server = new LoopServer('receive-clock-waiting');
    const conn = await dial(`loop://${server.name}`, { registry });
    opened.push(conn);
    const waiting = conn.readMessage();
    await clockPast(Date.now());
    const before = Date.now();
    server.push('handed');
    const handed = await waiting;
    if (handed === null || handed === '') throw new Error('no message');
    expect(handed.receivedAt).toBeGreaterThanOrEqual(before);
    expect(handed.receivedAt).toBeLessThanOrEqual(Date.now());
  });

  it('a plain read() handed a message leaves the clock unread: a stream chunk costs no clock and no microtask', async () => {
    const server = new LoopServer('receive-clock-plain');
    const conn = await dial(`loop://${server.name}`, { registry });
    opened.push(conn);
    const waiting = conn.read();
    await Promise.resolve(); // a run of its own
    const now = vi.spyOn(Date, 'now');
    server.push('chunk');
    const calls = now.mock.calls.length;
    now.mockRestore();
    expect(await waiting).toBe('chunk');
    expect(calls, 'Date.now() calls while delivering to a waiting read()').toBe(0);
    server.push('queued');
    expect(await conn.read(), 'a queued message is still stamped and read').toBe('queued');
  });
});
