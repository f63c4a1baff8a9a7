import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { DialError } from '@omnidial/core';
import { withSharedContext, type NodeTlsOptions } from '@omnidial/core/driver';
import { makeTempPki } from '@omnidial/test-infra';
import { EchoServer } from './helpers/echo-server.js';
import { closeAll, dialError, open } from './helpers/registry.js';

const pki = makeTempPki('omnidial-net-pki-');
const server = new EchoServer({ cert: pki.certPem, key: pki.keyPem });
beforeAll(async () => void (await server.start()));
afterAll(() => server.stop());
afterEach(() => closeAll());

const at = (host = '127.0.0.1'): string => `tls://${host}:${server.port}`;

async function echoes(address: string): Promise<void> {
  const conn = await open(address);
  await conn.write('ping');
  expect(await conn.read(5000)).toBe('ping');
}

describe('tls: verification', () => {
  it('refuses a server whose CA is unknown (PermissionDenied, with a hint)', async () => {
    const error = await dialError(at());
    expect(error).toMatchObject({ code: 'PermissionDenied', scheme: 'tls', retryable: false });
    expect(error.message).toMatch(/ca=.*insecure=true/);
  });

  it('refuses a certificate signed by another CA', async () => {
    expect((await dialError(`${at()}|ca=${pki.otherCaFile}`)).code).toBe('PermissionDenied');
  });

  it('connections share the secure context of the same ca=, and a shared one never trusts another CA', async () => {
    const options = (ca: string): NodeTlsOptions => ({ ca: [...rootCertificates, ca], rejectUnauthorized: true });
    const first = withSharedContext(options(pki.caPem)).secureContext;
    expect(first).toBeDefined();
    expect(withSharedContext(options(pki.caPem)).secureContext).toBe(first);
    expect(withSharedContext(options(readFileSync(pki.otherCaFile, 'utf8'))).secureContext).not.toBe(first);
    expect(withSharedContext({ rejectUnauthorized: true })).not.toHaveProperty('secureContext');
    await echoes(`${at()}|ca=${pki.caFile}`);
    expect((await dialError(`${at()}|ca=${pki.otherCaFile}`)).code).toBe('PermissionDenied');
    await echoes(`${at()}|ca=${pki.caFile}`);
    expect((await dialError(at())).code).toBe('PermissionDenied');
  });

  it('insecure=true skips verification', () => echoes(`${at()}|insecure=true`));
  it('ca=<file> trusts the CA (IP subjectAltName)', () => echoes(`${at()}|ca=${pki.caFile}`));
  it('ca=<inline PEM> works too', () => echoes(`${at()}|ca=${pki.caPem}`));
  it('verifies the host name (localhost matches the DNS subjectAltName)', () =>
    echoes(`${at('localhost')}|ca=${pki.caFile}`));

  it('refuses a servername the certificate does not name', async () => {
    const error = await dialError(`${at()}|ca=${pki.caFile}&servername=wrong.example`);
    expect(error.code).toBe('PermissionDenied');
    expect(error.message).toContain('wrong.example');
  });

  it('a missing ca= file is NotFound, naming the option', async () => {
    const error = await dialError(`${at()}|ca=/nonexistent/ca.pem`);
    expect(error.code).toBe('NotFound');
    expect(error.message).toContain('ca= file "/nonexistent/ca.pem"');
  });

  it('TLS to a plain TCP server fails cleanly', async () => {
    const plain = new EchoServer();
    plain.onConnection = (socket) => socket.end('HTTP/1.0 400 Bad Request\r\n\r\n');
    await plain.start();
    try {
      const error = await dialError(`tls://127.0.0.1:${plain.port}|insecure=true`);
      expect(['Protocol', 'Unavailable']).toContain(error.code);
    } finally {
      await plain.stop();
    }
  });
});

describe('tls: connect abort', () => {
  it('a connect timeout destroys the socket of a hung handshake', async () => {
    const silent = new EchoServer();
    silent.onConnection = (socket) => void socket.resume(); // reads the ClientHello, never answers
    await silent.start();
    try {
      const started = Date.now();
      const error = await dialError(`tls://127.0.0.1:${silent.port}|insecure=true`, { timeout: 0.3 });
      expect(error.code).toBe('Timeout');
      expect(Date.now() - started).toBeLessThan(2000);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(silent.connections).toBe(1);
      expect(silent.liveConnections).toBe(0);
    } finally {
      await silent.stop();
    }
  });

  it('an aborted signal cancels the dial', async () => {
    const controller = new AbortController();
    const dialing = dialError(`${at()}|insecure=true`, { signal: controller.signal });
    controller.abort();
    expect((await dialing).code).toBe('Canceled');
  });
});

describe('tls: a peer that half-closes while a batch is still flushing', () => {
  it('writeMany() resolves once every byte left, and the peer read them all', async () => {
    const ITEMS = 2_000;
    const item = 'y'.repeat(8 * 1024); // 16 MB in all: more than the kernel buffers hold
    const total = ITEMS * item.length;
    let received = 0;
    let allReceived!: () => void;
    const receivedAll = new Promise<void>((resolve) => (allReceived = resolve));
    const peer = new EchoServer({ cert: pki.certPem, key: pki.keyPem });
    // Answers and ends its side after the first 64 KB, stops reading for a moment so the client
    // sees that end while its batch is still queued, then reads everything: node emits no
    // `drain` on a socket that is ending, only `finish` once the queue is flushed.
    peer.onConnection = (socket) => {
      socket.on('data', (chunk: Buffer) => {
        const before = received;
        received += chunk.length;
        if (before < 64 * 1024 && received >= 64 * 1024) {
          socket.end('bye');
          socket.pause();
          setTimeout(() => socket.resume(), 300);
        }
        if (received >= total) allReceived();
      });
    };
    await peer.start();
    try {
      const conn = await open(`tls://127.0.0.1:${peer.port}|ca=${pki.caFile}`, { timeout: 30 });
      expect(await conn.writeMany(Array.from({ length: ITEMS }, () => item))).toBe(total);
      await receivedAll;
      expect(received).toBe(total);
      expect(await conn.read(5000)).toBe('bye');
    } finally {
      await peer.stop();
    }
  });
});

describe('tls: a peer that goes away while a batch is still queued', () => {
  it('writeMany() rejects (Unavailable) naming the first item that did not leave', async () => {
    const ITEMS = 2_000;
    const item = 'z'.repeat(8 * 1024);
    const peer = new EchoServer({ cert: pki.certPem, key: pki.keyPem });
    let received = 0;
    peer.onConnection = (socket) => {
      socket.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received >= 64 * 1024) socket.destroy();
      });
    };
    await peer.start();
    try {
      const conn = await open(`tls://127.0.0.1:${peer.port}|ca=${pki.caFile}`, { timeout: 30 });
      const error = await conn.writeMany(Array.from({ length: ITEMS }, () => item)).then(
        () => undefined,
        (failure: unknown) => failure as DialError,
      );
      expect(error).toMatchObject({ code: 'Unavailable', op: 'write' });
      expect(error?.index).toBeGreaterThan(0);
      expect(error?.index).toBeLessThan(ITEMS);
    } finally {
      await peer.stop();
    }
  });
});
