import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dial } from '@omnidial/core';
import { testServer, waitFor, wsRegistry, type TestServer } from './helpers.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Refuses every upgrade with 401, quoting the decoded Basic credentials (the worst gateway). */
async function quotingServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((_request, response) => response.writeHead(404).end());
  server.on('upgrade', (request, socket) => {
    const decoded = Buffer.from(String(request.headers.authorization).replace(/^Basic /, ''), 'base64').toString();
    const body = `unauthorized: bad login ${decoded}`;
    socket.end(
      `HTTP/1.1 401 Unauthorized\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// The conformance part `prepare` covers payloads; this covers what only ws has: a new URL
// (listen key) and handshake headers per connect, merged over the `headers` option.
let server: TestServer;
const registry = wsRegistry();
beforeAll(async () => {
  server = await testServer();
});
afterAll(() => server.stop());

describe('prepare() on ws', () => {
  it('dials a fresh listen-key URL with fresh headers on every connect', async () => {
    let key = 0;
    const conn = await dial(`ws://127.0.0.1:${server.port}/unused|reconnect=true&interval=50`, {
      registry,
      headers: { 'User-Agent': 'omnidial-bot' },
      prepare: () => {
        key += 1;
        return { url: `ws://127.0.0.1:${server.port}/ws/listenKey-${key}`, headers: { 'X-Signature': `sig-${key}` } };
      },
    });
    try {
      const seen = (): { url: string; signature: unknown; agent: unknown }[] =>
        server.handshakes
          .slice(-3)
          .map((h) => ({ url: h.url, signature: h.headers['x-signature'], agent: h.headers['user-agent'] }));
      const before = server.handshakes.length;
      await server.stop();
      await server.start();
      await waitFor(() => conn.state === 'open' && server.handshakes.length > before, 15_000, 'the re-dial');
      await conn.reconnect();
      expect(seen()).toEqual([
        { url: '/ws/listenKey-1', signature: 'sig-1', agent: 'omnidial-bot' },
        { url: `/ws/listenKey-${key - 1}`, signature: `sig-${key - 1}`, agent: 'omnidial-bot' },
        { url: `/ws/listenKey-${key}`, signature: `sig-${key}`, agent: 'omnidial-bot' },
      ]);
      expect(conn.address).toBe(`ws://127.0.0.1:${server.port}/unused`);
      expect(await conn.write('still talking')).toBeGreaterThan(0);
      expect(await conn.read(5000)).toBe('still talking');
    } finally {
      await conn.close();
    }
  });

  it('sends prepared credentials as Basic auth and never shows them', async () => {
    const conn = await dial(`ws://127.0.0.1:${server.port}/`, {
      registry,
      prepare: () => ({ credentials: { username: 'bot', password: 'R0tated-s3cret' } }),
    });
    try {
      const auth = String(server.handshakes.at(-1)?.headers.authorization);
      expect(Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString()).toBe('bot:R0tated-s3cret');
      expect(String(conn)).not.toContain('R0tated');
    } finally {
      await conn.close();
    }
  });

  it('keeps prepared credentials out of the error of a server that quotes them back', async () => {
    const refusing = await quotingServer();
    try {
      const failure = await dial(`ws://127.0.0.1:${refusing.port}/`, {
        registry,
        prepare: () => ({ credentials: { username: 'bot', password: 'R0tated-s3cret' } }),
      }).then(
        () => undefined,
        (error: Error) => error,
      );
      expect(failure).toMatchObject({ name: 'DialError', code: 'PermissionDenied' });
      const shown = `${failure?.message}\n${(failure?.cause as Error | undefined)?.message}\n${(failure?.cause as Error | undefined)?.stack}`;
      expect(shown).toContain('unauthorized');
      expect(shown).not.toContain('R0tated-s3cret');
      expect(shown).not.toContain(Buffer.from('bot:R0tated-s3cret').toString('base64'));
    } finally {
      await refusing.close();
    }
  });

  it('refuses headers that are not strings, by name', async () => {
    await expect(
      dial(`ws://127.0.0.1:${server.port}/`, { registry, prepare: () => ({ headers: { a: 1 } as never }) }),
    ).rejects.toMatchObject({
      code: 'InvalidArgument',
      message: expect.stringContaining('headers that are not an object of strings'),
    });
  });
});
