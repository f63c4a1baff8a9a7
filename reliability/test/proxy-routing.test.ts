import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dial, isDialError } from '@omnidial/core';
import '@omnidial/transport-net';
import '@omnidial/transport-ws';
import { makeTestPki, startMicrosocks, type Microsocks } from '@omnidial/test-infra';
import { serviceAvailable } from './support/services.js';
import { recordSecurityFigure } from '../src/security/record.js';

/**
 * Issue 12: a proxy password that holds another host:port must never send the credentials
 * there. A decoy listener's address is put inside every password (raw and percent-encoded, in
 * many shapes); each password gets a real microsocks of its own, which must authenticate and
 * tunnel, while the decoy must see no connection at all.
 */

const USER = 'bot';
let decoyHits = 0;
let decoy: Server;
let decoyAddress = '';
const servers: Array<Server | HttpServer> = [];
const ports = { tcp: 0, ws: 0, wss: 0 };
let caFile = '';

function listen<T extends Server | HttpServer>(server: T): Promise<number> {
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function echoWs(server: HttpServer): HttpServer {
  new WebSocketServer({ server }).on('connection', (socket) =>
    socket.on('message', (data, binary) => socket.send(data, { binary })),
  );
  return server;
}

/** Passwords that hold the decoy's address in the shapes that fooled URL parsers. */
function passwords(d: string): string[] {
  return [
    `pa@${d}/x`,
    `@${d}`,
    d,
    `x@${d}?q=1`,
    `x@${d}#frag`,
    `${USER}:y@${d}`,
    `a@b@${d}/`,
    `p:q@${d}/c@d`,
    `100%@${d}`,
    `ünï@${d}/ç`,
  ];
}

/** How a password is written into `socks5://bot:<here>@host:port`, and whether that is unambiguous. */
const ENCODINGS: ReadonlyArray<readonly [string, (p: string) => string]> = [
  ['raw', (p) => p],
  ['percent-encoded', (p) => encodeURIComponent(p)],
  ['@ and : raw, / ? # encoded', (p) => encodeURIComponent(p).replace(/%40/g, '@').replace(/%3A/g, ':')],
  ['@ encoded, / ? # raw', (p) => p.replace(/%/g, '%25').replace(/@/g, '%40')],
  ['only / encoded', (p) => p.replace(/%/g, '%25').replace(/\//g, '%2F')],
];

/** A raw `/`, `?` or `#` before the last `@` is ambiguous and must be refused. */
function ambiguous(written: string): boolean {
  return /[/?#]/.test(written);
}

function target(scheme: 'tcp' | 'ws' | 'wss'): string {
  if (scheme === 'tcp') return `tcp://127.0.0.1:${ports.tcp}`;
  if (scheme === 'ws') return `ws://127.0.0.1:${ports.ws}/`;
  return `wss://127.0.0.1:${ports.wss}/|ca=${caFile}`;
}

function withProxy(base: string, proxy: string): string {
  return `${base}${base.includes('|') ? '&' : '|'}proxy=${proxy}`;
}

describe('a proxy password never routes the credentials to a host inside it', () => {
  if (!serviceAvailable('socks5')) return;
  const proxies = new Map<string, Microsocks>();

  beforeAll(async () => {
    decoy = createServer((socket) => {
      decoyHits++;
      socket.destroy();
    });
    decoyAddress = `127.0.0.1:${await listen(decoy)}`;
    ports.tcp = await listen(createServer((socket) => socket.pipe(socket)));
    ports.ws = await listen(echoWs(createHttpServer()));
    const pki = makeTestPki(mkdtempSync(join(tmpdir(), 'omnidial-proxy-pki-')));
    caFile = pki.caFile;
    ports.wss = await listen(
      echoWs(createHttpsServer({ cert: readFileSync(pki.certFile), key: readFileSync(pki.keyFile) })),
    );
    for (const password of passwords(decoyAddress)) proxies.set(password, await startMicrosocks(USER, password));
  }, 120_000);

  afterAll(async () => {
    await Promise.all([...proxies.values()].map((proxy) => proxy.stop()));
    for (const server of servers) server.close();
  });

  it('the decoy does count a dial that is really sent to it', async () => {
    const conn = await dial(withProxy(target('tcp'), `socks5://${USER}:x@${decoyAddress}`), { timeout: 10 }).catch(
      (e: unknown) => e,
    );
    expect(isDialError(conn)).toBe(true);
    expect(decoyHits).toBe(1);
    recordSecurityFigure('decoy-proxy', 'control: a dial really sent to the decoy', {
      dials: 1,
      decoyConnections: decoyHits,
    });
    decoyHits = 0;
  });

  it('150 dials over tcp, ws and wss: unambiguous ones authenticate at the real proxy, ambiguous ones are InvalidArgument, the decoy sees nothing', async () => {
    const tally = { tunnelled: 0, refused: 0 };
    for (const [password, proxy] of proxies) {
      for (const [encoding, encode] of ENCODINGS) {
        const written = encode(password);
        for (const scheme of ['tcp', 'ws', 'wss'] as const) {
          const address = withProxy(target(scheme), `socks5://${USER}:${written}@127.0.0.1:${proxy.port}`);
          const label = `${scheme} ${encoding} ${JSON.stringify(password)}`;
          if (ambiguous(written)) {
            const error = await dial(address, { timeout: 10 }).then(
              () => undefined,
              (e: unknown) => e,
            );
            expect(isDialError(error) && error.code, label).toBe('InvalidArgument');
            expect(String((error as Error).message), label).toContain('ambiguous');
            tally.refused++;
            continue;
          }
          const conn = await dial(address, { timeout: 20 });
          try {
            await conn.write('ping');
            expect(String(await conn.read(20_000)), label).toBe('ping');
          } finally {
            await conn.close();
          }
          tally.tunnelled++;
        }
      }
    }
    recordSecurityFigure('decoy-proxy', 'passwords holding the decoy address (tcp, ws, wss)', {
      dials: tally.tunnelled + tally.refused,
      ...tally,
      decoyConnections: decoyHits,
    });
    expect(tally.tunnelled + tally.refused).toBe(150);
    expect(tally.tunnelled).toBeGreaterThan(80);
    expect(decoyHits).toBe(0);
  }, 600_000);
});
