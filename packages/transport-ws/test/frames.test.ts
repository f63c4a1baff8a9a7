import { deflateRawSync, deflateSync, gunzipSync, gzipSync, inflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { dial, type Connection, type DialError } from '@omnidial/core';
import { testServer, waitFor, wsRegistry, type TestServer } from './helpers.js';

const registry = wsRegistry();
let server: TestServer | undefined;
let conn: Connection | undefined;
afterEach(async () => {
  await conn?.close();
  await server?.stop();
  conn = undefined;
  server = undefined;
});

/** A server that sends `frames` to each client right after the handshake. */
async function sender(frames: Array<string | Buffer>): Promise<TestServer> {
  return testServer((socket) => {
    for (const frame of frames) socket.send(frame, { binary: typeof frame !== 'string' });
  });
}

describe('ws frames', () => {
  it('gives text frames as strings, valid-UTF-8 binary frames as strings, other bytes as Buffers', async () => {
    server = await sender(['héllo', Buffer.from('wörld'), Buffer.from([0xff, 0x00, 0xfe])]);
    conn = await dial(server.url, { registry });
    expect(await conn.read(2000)).toBe('héllo');
    expect(await conn.read(2000)).toBe('wörld');
    expect(await conn.read(2000)).toEqual(Buffer.from([0xff, 0x00, 0xfe]));
  });

  it('binary=true always gives Buffers', async () => {
    server = await sender(['text', Buffer.from('bin')]);
    conn = await dial(`${server.url}|binary=true`, { registry });
    expect(await conn.read(2000)).toEqual(Buffer.from('text'));
    expect(await conn.read(2000)).toEqual(Buffer.from('bin'));
  });

  it('writes strings as text frames and bytes as binary frames', async () => {
    server = await testServer();
    conn = await dial(server.url, { registry });
    expect(await conn.write('abc')).toBe(3);
    expect(await conn.write(new Uint8Array([1, 2, 3, 4]))).toBe(4);
    await waitFor(() => server!.received.length === 2);
    expect(server.received).toEqual(['abc', `b64:${Buffer.from([1, 2, 3, 4]).toString('base64')}`]);
  });

  it.each([
    ['gzip', gzipSync],
    ['gzip_raw', deflateRawSync],
    ['deflate', deflateSync],
  ] as const)('compress=%s inflates incoming binary frames; text frames pass through', async (codec, pack) => {
    server = await sender([pack(Buffer.from('{"px":1}')), 'pong', pack(Buffer.from([0xff, 0xfe]))]);
    conn = await dial(`${server.url}|compress=${codec}`, { registry });
    expect(await conn.read(2000)).toBe('{"px":1}');
    expect(await conn.read(2000)).toBe('pong');
    expect(await conn.read(2000)).toEqual(Buffer.from([0xff, 0xfe]));
  });

  it('mode=send compresses outgoing messages and leaves incoming frames alone', async () => {
    server = await testServer();
    conn = await dial(`${server.url}|compress=gzip&mode=send`, { registry });
    expect(await conn.write('{"sub":"x"}')).toBe(11);
    const echoed = await conn.read(2000);
    expect(Buffer.isBuffer(echoed)).toBe(true);
    expect(gunzipSync(echoed as Buffer).toString()).toBe('{"sub":"x"}');
  });

  it('mode=dual compresses both ways (gzip_raw round trip)', async () => {
    server = await testServer();
    conn = await dial(`${server.url}|compress=gzip_raw&mode=dual`, { registry });
    await conn.write('round trip');
    expect(await conn.read(2000)).toBe('round trip');
    expect(inflateRawSync(Buffer.from(server.received[0]!.slice(4), 'base64')).toString()).toBe('round trip');
  });

  it('a decompression bomb closes the link with ResourceExhausted before it is inflated', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024)); // 50 MiB of zeros in ~50 KB
    server = await sender([gzipSync('ok'), bomb]);
    conn = await dial(`${server.url}|compress=gzip&maxMessage=1048576`, { registry });
    const lost = new Promise<DialError>((resolve) => conn!.on('disconnect', resolve));
    expect(await conn.read(2000)).toBe('ok');
    const error = await lost;
    expect(error.code).toBe('ResourceExhausted');
    expect(error.message).toMatch(/maxMessage=1048576/);
    expect(conn.stats().lastError?.code).toBe('ResourceExhausted');
    expect(await conn.read(100)).toBe('');
  });

  it('an oversized plain frame is refused by the same cap (ResourceExhausted)', async () => {
    server = await sender([Buffer.alloc(2048, 1)]);
    conn = await dial(`${server.url}|maxMessage=1024`, { registry });
    const error = await new Promise<DialError>((resolve) => conn!.on('disconnect', resolve));
    expect(error.code).toBe('ResourceExhausted');
  });

  it('write() over maxMessage is refused with ResourceExhausted, nothing sent', async () => {
    server = await testServer();
    conn = await dial(`${server.url}|maxMessage=16`, { registry });
    await expect(conn.write('x'.repeat(17))).rejects.toMatchObject({ code: 'ResourceExhausted', op: 'write' });
    expect(await conn.write('x'.repeat(16))).toBe(16);
  });

  it('a corrupt compressed frame closes the link with Protocol', async () => {
    server = await sender([Buffer.from('not gzip at all')]);
    conn = await dial(`${server.url}|compress=gzip`, { registry });
    const error = await new Promise<DialError>((resolve) => conn!.on('disconnect', resolve));
    expect(error.code).toBe('Protocol');
  });

  it('frames that arrived before a corrupt one reach a waiting reader before the drop does', async () => {
    // One TCP write: the client parses the three frames in one socket read, so the drop is found
    // in the same run that handed over the first two (the link hands a read's frames over together).
    server = await testServer((socket) =>
      socket.on('message', () => {
        const tcp = (socket as unknown as { _socket: import('node:net').Socket })._socket;
        tcp.cork();
        for (const frame of [gzipSync('first'), gzipSync('second'), Buffer.from('not gzip')]) socket.send(frame);
        process.nextTick(() => tcp.uncork());
      }),
    );
    conn = await dial(`${server.url}|compress=gzip`, { registry });
    const first = conn.read(2000);
    await conn.write('go');
    expect(await first).toBe('first');
    expect(await conn.read(2000)).toBe('second');
    expect(await conn.read(2000)).toBe('');
    expect(conn.stats().lastError?.code).toBe('Protocol');
  });

  it('enableCompression negotiates permessage-deflate', async () => {
    server = await testServer(undefined, { perMessageDeflate: { threshold: 0 } });
    conn = await dial(`${server.url}|enableCompression=true`, { registry });
    await conn.write('x'.repeat(10_000));
    expect(await conn.read(2000)).toBe('x'.repeat(10_000));
    expect(server.handshakes[0]!.headers['sec-websocket-extensions']).toMatch(/permessage-deflate/);
    const plain = await dial(server.url, { registry });
    expect(server.handshakes[1]!.headers['sec-websocket-extensions']).toBeUndefined();
    await plain.close();
  });

  it('sends handshake headers and subprotocols', async () => {
    server = await testServer(undefined, { handleProtocols: (protocols) => [...protocols][0] ?? false });
    conn = await dial(`${server.url}|header=X-Api-Key: abc=&protocol=v1.feed`, {
      registry,
      headers: { 'User-Agent': 'omnidial-test' },
    });
    expect(server.handshakes[0]!.headers).toMatchObject({
      'x-api-key': 'abc=',
      'user-agent': 'omnidial-test',
      'sec-websocket-protocol': 'v1.feed',
    });
  });

  it('sends URL credentials as Basic auth with the password percent-decoded', async () => {
    server = await testServer();
    conn = await dial(`ws://bot%40desk:p%2Fa%40ss%3Aw%25rd@127.0.0.1:${server.port}/`, { registry });
    const expected = `Basic ${Buffer.from('bot@desk:p/a@ss:w%rd').toString('base64')}`;
    expect(server.handshakes[0]!.headers.authorization).toBe(expected);
  });

  it('maps a refused handshake to PermissionDenied / NotFound with the server reason', async () => {
    server = await testServer(undefined, {
      verifyClient: (info, done) => done(info.req.url === '/ok', info.req.url === '/denied' ? 401 : 404, 'nope'),
    });
    const denied = await dial(`ws://127.0.0.1:${server.port}/denied`, { registry }).catch((e: DialError) => e);
    expect((denied as DialError).code).toBe('PermissionDenied');
    expect((denied as DialError).message).toMatch(/HTTP 401/);
    const missing = await dial(`ws://127.0.0.1:${server.port}/missing`, { registry }).catch((e: DialError) => e);
    expect((missing as DialError).code).toBe('NotFound');
  });

  it('a refused TCP connection is Unavailable', async () => {
    server = await testServer();
    const port = server.port;
    await server.stop();
    server = undefined;
    const error = await dial(`ws://127.0.0.1:${port}/`, { registry }).catch((e: DialError) => e);
    expect((error as DialError).code).toBe('Unavailable');
  });
});
