import { createServer, type Server } from 'node:https';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { dial, type DialError } from '@omnidial/core';
import { runTlsConformance } from '@omnidial/core/conformance';
import { wsDriver } from '../src/driver.js';
import { makeTempPki, type TestPki, type TestPkiPems } from '@omnidial/test-infra';
import { wsRegistry } from './helpers.js';

const registry = wsRegistry();
let certs: TestPki & TestPkiPems;
let https: Server;
let port: number;

beforeAll(async () => {
  certs = makeTempPki('omnidial-ws-tls-');
  https = createServer({ cert: certs.certPem, key: certs.keyPem });
  const wss = new WebSocketServer({ server: https });
  wss.on('connection', (socket) =>
    socket.on('message', (data, isBinary) => socket.send(data as Buffer, { binary: isBinary })),
  );
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  port = (https.address() as { port: number }).port;
});
afterAll(() => {
  https.closeAllConnections();
  https.close();
});

describe('wss:// TLS', () => {
  it('connects when the server certificate chains to ca=<file>', async () => {
    const conn = await dial(`wss://127.0.0.1:${port}/|ca=${certs.caFile}`, { registry });
    await conn.write('secure');
    expect(await conn.read(2000)).toBe('secure');
    await conn.close();
  });

  it('accepts the CA as PEM text or a Buffer in the options object, and servername', async () => {
    const pem = readFileSync(certs.caFile);
    const a = await dial(`wss://127.0.0.1:${port}/`, { registry, ca: pem.toString() });
    const b = await dial(`wss://127.0.0.1:${port}/|servername=localhost`, { registry, ca: pem });
    await Promise.all([a.close(), b.close()]);
  });

  it('refuses an unknown CA with PermissionDenied (verification is on by default)', async () => {
    const error = await dial(`wss://127.0.0.1:${port}/`, { registry }).catch((e: DialError) => e);
    expect((error as DialError).code).toBe('PermissionDenied');
    expect((error as DialError).message).toMatch(/certificate/i);
    expect((error as DialError).retryable).toBe(false);
  });

  it('refuses a certificate for another name with PermissionDenied', async () => {
    const error = await dial(`wss://127.0.0.1:${port}/|ca=${certs.caFile}&servername=example.com`, { registry }).catch(
      (e: DialError) => e,
    );
    expect((error as DialError).code).toBe('PermissionDenied');
  });

  it('insecure=true skips verification', async () => {
    const conn = await dial(`wss://127.0.0.1:${port}/|insecure=true`, { registry });
    await conn.write('x');
    expect(await conn.read(2000)).toBe('x');
    await conn.close();
  });

  it('a missing ca file is NotFound', async () => {
    const error = await dial(`wss://127.0.0.1:${port}/|ca=/no/such/ca.pem`, { registry }).catch((e: DialError) => e);
    expect((error as DialError).code).toBe('NotFound');
  });
});

runTlsConformance({
  name: 'wss',
  driver: wsDriver,
  caFile: () => certs.caFile,
  address: () => `wss://127.0.0.1:${port}/`,
});
