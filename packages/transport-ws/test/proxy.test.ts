import { createServer, type Server } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { dial, type DialError } from '@omnidial/core';
import { makeTempPki, type TestPki, type TestPkiPems } from '@omnidial/test-infra';
import { requireService } from '@omnidial/test-infra/vitest';
import { testServer, wsRegistry, type TestServer } from './helpers.js';

const registry = wsRegistry();

describe('ws via socks5', () => {
  const proxyUrl = requireService('socks5');
  if (proxyUrl === undefined) return;
  describe(`through ${new URL(proxyUrl).host}`, () => {
    let server: TestServer;
    let certs: TestPki & TestPkiPems;
    let https: Server;
    let tlsPort: number;

    beforeAll(async () => {
      server = await testServer();
      certs = makeTempPki('omnidial-ws-tls-');
      https = createServer({ cert: certs.certPem, key: certs.keyPem });
      new WebSocketServer({ server: https }).on('connection', (s) =>
        s.on('message', (d) => s.send(`tls:${d.toString()}`)),
      );
      await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
      tlsPort = (https.address() as { port: number }).port;
    });
    afterAll(async () => {
      await server.stop();
      https.closeAllConnections();
      https.close();
    });

    it('ws:// through proxy=socks5://user:pass@host:port', async () => {
      const conn = await dial(`${server.url}|proxy=${proxyUrl}`, { registry });
      await conn.write('via proxy');
      expect(await conn.read(2000)).toBe('via proxy');
      await conn.close();
    });

    it('wss:// through the proxy keeps TLS verification end to end', async () => {
      const conn = await dial(`wss://127.0.0.1:${tlsPort}/|proxy=${proxyUrl}&ca=${certs.caFile}`, { registry });
      await conn.write('x');
      expect(await conn.read(2000)).toBe('tls:x');
      await conn.close();
      const refused = await dial(`wss://127.0.0.1:${tlsPort}/|proxy=${proxyUrl}`, { registry }).catch(
        (e: DialError) => e,
      );
      expect((refused as DialError).code).toBe('PermissionDenied');
    });

    it('wrong proxy credentials are refused, and the password never shows', async () => {
      const url = new URL(proxyUrl);
      url.password = 'wrong-Pa55word';
      const error = await dial(`${server.url}|proxy=${url.href}`, { registry }).catch((e: DialError) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as DialError).code).toBe('PermissionDenied');
      expect(String((error as DialError).message)).not.toContain('wrong-Pa55word');
      expect(String((error as DialError).address)).not.toContain('wrong-Pa55word');
    });

    it('the proxy is really used: an unreachable proxy fails the dial', async () => {
      const error = await dial(`${server.url}|proxy=socks5://127.0.0.1:1`, { registry }).catch((e: DialError) => e);
      expect((error as DialError).code).toBe('Unavailable');
    });
  });
});
