import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { dial, isDialError, type DialError } from '@omnidial/core';
import '@omnidial/transport-net';
import '@omnidial/transport-ws';
import { frame, rawWsServer } from '../src/servers/raw-ws.js';
import { waitFor } from '../src/stats.js';

const INVALID_UTF8 = Buffer.from([0x61, 0xff, 0xfe, 0xc3, 0x28]);

/** Dials a raw server that sends `bytes` after the handshake; returns what the connection saw. */
async function receive(
  bytes: Buffer,
  options = '',
): Promise<{ error: DialError | undefined; messages: unknown[]; state: string }> {
  const server = await rawWsServer(bytes);
  try {
    const conn = await dial(`ws://127.0.0.1:${server.port}/${options === '' ? '' : `|${options}`}`);
    let error: DialError | undefined;
    conn.on('disconnect', (e) => (error = e));
    conn.on('giveup', (e) => (error ??= e));
    await waitFor(() => error !== undefined || conn.stats().received > 0, 10_000);
    await waitFor(() => error !== undefined, 500);
    const messages: unknown[] = [];
    for (let m = await conn.read(-1); m !== null && m !== ''; m = await conn.read(-1)) messages.push(m);
    const state = conn.state;
    await conn.close();
    return { error, messages, state };
  } finally {
    await server.close();
  }
}

describe('bad input: malformed frames, invalid UTF-8, oversized messages', () => {
  it.each([
    ['a reserved opcode', frame(0x3, Buffer.from('x'))],
    ['a text frame with invalid UTF-8', frame(0x1, INVALID_UTF8)],
    ['a fragmented control frame', Buffer.from([0x09, 0x00])],
    ['a continuation frame with nothing to continue', frame(0x0, Buffer.from('x'))],
    ['a masked server frame', Buffer.from([0x81, 0x81, 1, 2, 3, 4, 0x61])],
  ])('ws: %s drops the link with DialError(Protocol), nothing delivered, no crash', async (_label, bytes) => {
    const { error, messages, state } = await receive(bytes);
    expect(isDialError(error, 'Protocol'), String(error)).toBe(true);
    expect(messages).toEqual([]);
    expect(state).toBe('disconnected');
  });

  it('ws: a frame header claiming 2^40 bytes is refused at maxMessage (ResourceExhausted) without allocating it', async () => {
    const { error, messages } = await receive(frame(0x2, Buffer.alloc(0), 2 ** 40));
    expect(isDialError(error, 'ResourceExhausted'), String(error)).toBe(true);
    expect(messages).toEqual([]);
  });

  it('ws: a 4 KiB message over maxMessage=1024 is refused with ResourceExhausted', async () => {
    const { error, messages } = await receive(frame(0x1, Buffer.alloc(4096, 0x61)), 'maxMessage=1024');
    expect(isDialError(error, 'ResourceExhausted'), String(error)).toBe(true);
    expect(messages).toEqual([]);
  });

  it('ws: a binary frame with invalid UTF-8 arrives as a Buffer, byte for byte', async () => {
    const { messages } = await receive(frame(0x2, INVALID_UTF8));
    expect(messages).toHaveLength(1);
    expect(Buffer.isBuffer(messages[0]) && (messages[0] as Buffer).equals(INVALID_UTF8)).toBe(true);
  });

  it('ws: a corrupt gzip frame with compress=gzip is a Protocol error, not a crash', async () => {
    const { error, messages } = await receive(
      frame(0x2, Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5])),
      'compress=gzip',
    );
    expect(isDialError(error, 'Protocol'), String(error)).toBe(true);
    expect(messages).toEqual([]);
  });

  it('tcp: invalid UTF-8 bytes arrive as a Buffer; a split multi-byte character is never cut', async () => {
    const euro = Buffer.from('€', 'utf8');
    const server = createServer((socket) => {
      socket.write(INVALID_UTF8);
      setTimeout(() => socket.write(euro.subarray(0, 1)), 100);
      setTimeout(() => socket.end(euro.subarray(1)), 200);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const conn = await dial(`tcp://127.0.0.1:${(server.address() as AddressInfo).port}`);
      const first = await conn.read(5000);
      expect(Buffer.isBuffer(first) && first.equals(INVALID_UTF8)).toBe(true);
      expect(await conn.read(5000)).toBe('€');
      await conn.close();
    } finally {
      server.close();
    }
  });
});
