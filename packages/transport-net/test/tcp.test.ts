import type { Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@omnidial/core/conformance';
import { EchoServer } from './helpers/echo-server.js';
import { closeAll, dialError, open } from './helpers/registry.js';

const server = new EchoServer();
const received: string[] = [];
beforeAll(async () => void (await server.start()));
afterAll(() => server.stop());
afterEach(async () => {
  await closeAll();
  server.onConnection = (socket) => socket.pipe(socket);
});
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('tcp: dial errors', () => {
  it('a refused port is Unavailable and says so', async () => {
    const error = await dialError('tcp://127.0.0.1:9');
    expect(error).toMatchObject({ code: 'Unavailable', retryable: true, op: 'dial' });
    expect(error.message).toContain('connection refused');
    expect(error.message).toContain('127.0.0.1:9');
  });

  it('an unknown host name is Unavailable', async () => {
    const error = await dialError('tcp://no-such-host.invalid:9000');
    expect(error.code).toBe('Unavailable');
    expect(error.message).toContain('no-such-host.invalid');
  });
});

describe('tcp: batches', () => {
  it('writeMany() sends a batch in one corked write: the peer reads it as one chunk', async () => {
    const chunks: string[] = [];
    server.onConnection = (socket) => socket.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    const conn = await open(`tcp://127.0.0.1:${server.port}`);
    const items = Array.from({ length: 50 }, (_, i) => `item-${i};`);
    expect(await conn.writeMany(items)).toBe(Buffer.byteLength(items.join('')));
    await waitFor(() => chunks.join('').length === items.join('').length, 5000, 'the batch to arrive');
    expect(chunks).toEqual([items.join('')]);
  });

  it('readMessage() gives a chunk with the stream metadata', async () => {
    const conn = await open(`tcp://127.0.0.1:${server.port}`);
    await conn.write('chunk');
    expect(await conn.readMessage(2000)).toMatchObject({ data: 'chunk', transport: 'stream' });
  });
});

describe('tcp: streams', () => {
  it('never splits a multi-byte character across reads', async () => {
    server.onConnection = (socket) => {
      const euro = Buffer.from('€'); // e2 82 ac
      socket.write(Buffer.concat([Buffer.from('price: '), euro.subarray(0, 2)]));
      setTimeout(() => socket.write(Buffer.concat([euro.subarray(2), Buffer.from(' 42')])), 60);
    };
    const conn = await open(`tcp://127.0.0.1:${server.port}`);
    const first = await conn.read(2000);
    const second = await conn.read(2000);
    expect([first, second]).toEqual(['price: ', '€ 42']);
  });

  it('bytes that are not UTF-8 keep their content after later reads (text reads share one buffer)', async () => {
    server.onConnection = (socket) => {
      socket.write(Buffer.from([0xff, 0xfe, 0x41]));
      setTimeout(() => socket.write('x'.repeat(100)), 60);
    };
    const conn = await open(`tcp://127.0.0.1:${server.port}`);
    await waitFor(() => conn.stats().queued === 2, 5000, 'both chunks to be queued');
    expect(await conn.read(-1)).toEqual(Buffer.from([0xff, 0xfe, 0x41]));
    expect(await conn.read(-1)).toBe('x'.repeat(100));
  });

  it('two connections reading in turn keep their own bytes (every text stream reads into one buffer)', async () => {
    const sockets: Socket[] = [];
    server.onConnection = (socket) => void sockets.push(socket);
    const first = await open(`tcp://127.0.0.1:${server.port}`);
    const second = await open(`tcp://127.0.0.1:${server.port}`);
    await waitFor(() => sockets.length === 2, 5000, 'both connections');
    const euro = Buffer.from('€');
    const steps: [Socket, Buffer, () => number][] = [
      [sockets[0]!, Buffer.from([0xff, 0x41]), () => first.stats().receivedBytes],
      [sockets[1]!, Buffer.from('second connection, first read '), () => second.stats().receivedBytes],
      [sockets[0]!, Buffer.concat([Buffer.from('price '), euro.subarray(0, 1)]), () => first.stats().receivedBytes],
      [sockets[1]!, Buffer.from('second connection, second read'), () => second.stats().receivedBytes],
      [sockets[0]!, euro.subarray(1), () => first.stats().receivedBytes],
    ];
    for (const [socket, bytes, received] of steps) {
      const before = received();
      socket.write(bytes);
      await waitFor(() => received() === before + bytes.length, 5000, 'the read');
    }
    expect(await first.readMany(10, -1)).toEqual([Buffer.from([0xff, 0x41]), 'price ', '€']);
    expect(await second.readMany(10, -1)).toEqual(['second connection, first read ', 'second connection, second read']);
  });

  it('what the server sends at once on connect arrives first, whole and in order', async () => {
    server.onConnection = (socket) => {
      socket.write('hello ');
      socket.write(Buffer.from([0xff]));
      setTimeout(() => socket.write('world'), 60);
    };
    const conn = await open(`tcp://127.0.0.1:${server.port}`);
    await waitFor(() => conn.stats().receivedBytes === 12, 5000, 'every byte to arrive');
    const messages = (await conn.readMany(10, -1)) ?? [];
    expect(Buffer.concat(messages.map((m) => (typeof m === 'string' ? Buffer.from(m) : m)))).toEqual(
      Buffer.concat([Buffer.from('hello '), Buffer.from([0xff]), Buffer.from('world')]),
    );
  });

  it('an incomplete character at the end of the stream comes out as bytes', async () => {
    server.onConnection = (socket) => socket.end(Buffer.concat([Buffer.from('ab'), Buffer.from('€').subarray(0, 2)]));
    const conn = await open(`tcp://127.0.0.1:${server.port}`);
    expect(await conn.read(2000)).toBe('ab');
    expect(await conn.read(2000)).toEqual(Buffer.from([0xe2, 0x82]));
    expect(conn.stats().receivedBytes).toBe(4);
  });

  it('write() resolves to the bytes of the UTF-8 encoding', async () => {
    const conn = await open(`tcp://127.0.0.1:${server.port}`);
    expect(await conn.write('価格')).toBe(6);
    expect(await conn.read(2000)).toBe('価格');
  });

  it('read(-2) gives the newest chunk and discards the older ones', async () => {
    server.onConnection = (socket) => {
      for (let i = 0; i < 5; i += 1) setTimeout(() => socket.write(`tick-${i}`), 20 * i);
    };
    const conn = await open(`tcp://127.0.0.1:${server.port}`);
    // On a busy machine two timers can fire in one turn and their writes share a chunk: wait for the bytes.
    await waitFor(() => conn.stats().receivedBytes === 5 * 'tick-0'.length, 3000, 'five ticks');
    const { received } = conn.stats();
    expect(received).toBeGreaterThan(1);
    expect(await conn.read(-2)).toMatch(/tick-4$/);
    expect(conn.stats()).toMatchObject({ queued: 0, discarded: received - 1 });
    expect(await conn.read(-2)).toBeNull();
  });

  it('delivers what was queued, then "" after the peer closes', async () => {
    server.onConnection = (socket) => socket.end('last words');
    const conn = await open(`tcp://127.0.0.1:${server.port}`);
    const reasons: string[] = [];
    conn.on('disconnect', (error) => reasons.push(error.code));
    await waitFor(() => conn.state === 'disconnected', 3000, 'the peer close');
    expect(await conn.read()).toBe('last words');
    expect(await conn.read()).toBe('');
    expect(reasons).toEqual(['Unavailable']);
  });
});

describe('tcp: back-pressure', () => {
  it('a write waits for drain; its timeout rejects, and it completes once the peer reads', async () => {
    let peer: Socket | undefined;
    server.onConnection = (socket) => {
      peer = socket;
      socket.pause();
    };
    const conn = await open(`tcp://127.0.0.1:${server.port}`);
    const chunk = Buffer.alloc(1 << 20, 1);
    let timedOut: unknown;
    for (let i = 0; i < 64 && timedOut === undefined; i += 1) {
      timedOut = await conn.write(chunk, 200).then(
        () => undefined,
        (error: unknown) => error,
      );
    }
    expect(timedOut).toMatchObject({ name: 'DialError', code: 'Timeout' });
    const controller = new AbortController();
    const aborted = conn.write(chunk, { signal: controller.signal });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'Canceled' });
    const pending = conn.write('tail');
    peer!.resume();
    expect(await pending).toBe(4);
  });
});

describe('tcp: reconnect', () => {
  it('re-sends every payload, in order, after the server restarts', async () => {
    received.length = 0;
    server.onConnection = (socket) => {
      let text = '';
      socket.on('data', (data) => {
        text += data.toString();
        if (text === 'hello|world') received.push(text);
      });
    };
    const before = server.connections;
    const conn = await open(`tcp://127.0.0.1:${server.port}|reconnect=true&interval=50&payload=hello&payload=|world`);
    await waitFor(() => received.length === 1, 3000, 'the first payloads');
    await server.stop();
    await waitFor(() => conn.state === 'reconnecting', 3000, 'the drop');
    await sleep(120); // at least one refused attempt
    await server.restart();
    await waitFor(() => received.length === 2, 5000, 'the payloads after the restart');
    await waitFor(() => conn.state === 'open', 3000, 'the reconnect');
    expect(server.connections - before).toBe(2);
    expect(conn.stats().reconnects).toBe(1);
  });
});
