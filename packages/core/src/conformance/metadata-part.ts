import { expect, it } from 'vitest';
import type { ReceivedMessage } from '../driver/metadata.js';
import { echoEach, type Suite } from './helpers.js';

/** The `transport` values of the metadata shapes; `none` for drivers that report no metadata (plugins, replay). */
const PLAIN_TRANSPORTS = new Set(['stream', 'ws', 'udp', 'mqtt', 'nats', 'amqp', 'kafka', 'none']);

function received(value: ReceivedMessage | null | ''): ReceivedMessage {
  expect(value, 'readMessage() gave no message').toBeTypeOf('object');
  expect(value).not.toBeNull();
  return value as ReceivedMessage;
}

/**
 * `readMessage()` (DESIGN §3): the same queue and read table as `read()`, the same data, plus a
 * receive time and the transport's metadata.
 */
export function readMessage(suite: Suite): void {
  it('gives the same data as read(), with a receive time and the transport named', async () => {
    const conn = await suite.open();
    const before = Date.now();
    await echoEach(conn, ['meta-1', 'meta-1', 'Ω≈ 价格'], suite.patienceMs);
    const plain = await conn.read(-1);
    const first = received(await conn.readMessage(-1));
    expect(first.data).toStrictEqual(plain);
    expect(first.receivedAt).toBeGreaterThanOrEqual(before);
    expect(first.receivedAt).toBeLessThanOrEqual(Date.now());
    expect(PLAIN_TRANSPORTS.has(first.transport), `transport "${first.transport}"`).toBe(true);
    expect(received(await conn.readMessage(-1)).data).toBe('Ω≈ 价格');
    const bytes = Buffer.from([0xff, 0x00, 0xfe]);
    await echoEach(conn, [bytes as unknown as string], suite.patienceMs);
    const back = received(await conn.readMessage(-1));
    expect(Buffer.isBuffer(back.data) && Buffer.compare(back.data, bytes)).toBe(0);
  });

  it('hands a message to a readMessage() that was waiting for it', async () => {
    const conn = await suite.open();
    const waiting = conn.readMessage(suite.patienceMs);
    await conn.write('meta-waited');
    const message = received(await waiting);
    expect(message.data).toBe('meta-waited');
    expect(message.receivedAt).toBeGreaterThan(0);
  });

  it('follows the read table: -1 and n ms give null when empty, -2 the newest, "" once closed', async () => {
    const conn = await suite.open();
    expect(await conn.readMessage(-1)).toBeNull();
    expect(await conn.readMessage(20)).toBeNull();
    await echoEach(conn, ['meta-a', 'meta-b', 'meta-c'], suite.patienceMs);
    const discardedBefore = conn.stats().discarded;
    expect(received(await conn.readMessage(-2)).data).toBe('meta-c');
    expect(conn.stats().discarded - discardedBefore).toBe(2);
    expect(conn.stats().queued).toBe(0);
    const waiting = conn.readMessage();
    await conn.close();
    expect(await waiting).toBe('');
    expect(await conn.readMessage()).toBe('');
  });

  it('refuses a bad timeout with InvalidArgument', async () => {
    const conn = await suite.open();
    await expect(conn.readMessage(Number.NaN)).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(conn.readMessage(-3)).rejects.toMatchObject({ code: 'InvalidArgument' });
  });
}
