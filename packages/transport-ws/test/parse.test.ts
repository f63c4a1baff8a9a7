import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { prepareDial, isDialError } from '@omnidial/core';
import type { WsEndpoint } from '../src/endpoint.js';
import { wsDriver } from '../src/driver.js';
import { wsRegistry } from './helpers.js';

const registry = wsRegistry();
const endpoint = (address: string, options: Record<string, unknown> = {}): WsEndpoint =>
  prepareDial(address, { registry, ...options }).endpoint as WsEndpoint;

function rejects(address: string, pattern: RegExp, options: Record<string, unknown> = {}): void {
  try {
    endpoint(address, options);
  } catch (error) {
    expect(isDialError(error, 'InvalidArgument')).toBe(true);
    expect((error as Error).message).toMatch(pattern);
    return;
  }
  throw new Error(`expected ${address} to be rejected`);
}

describe('ws driver: metadata and parse()', () => {
  it('declares both schemes and the capabilities of a message transport', () => {
    expect(wsDriver.schemes).toEqual(['ws', 'wss']);
    expect(wsDriver.capabilities).toMatchObject({
      kind: 'message',
      reconnect: true,
      proxy: true,
      tls: true,
      payload: true,
    });
  });

  it('does not import the ws client library from driver.ts (lazy load)', async () => {
    for (const file of ['driver.ts', 'endpoint.ts', 'options.ts', 'headers.ts', 'fail.ts', 'index.ts']) {
      const text = await readFile(new URL(`../src/${file}`, import.meta.url), 'utf8');
      expect(text, file).not.toMatch(/from '(ws|socks-proxy-agent)'/);
    }
  });

  it('parses the FMZ OKX address: compress=gzip_raw, mode=recv, payload with & and =', () => {
    const payload = '{"op":"subscribe","args":[{"channel":"tickers","instId":"BTC-USDT"}],"sig":"a+b/c%2B=="}';
    const e = endpoint(
      `wss://ws.okx.com:8443/ws/v5/public|compress=gzip_raw&mode=recv&reconnect=true&payload=${payload}`,
    );
    expect(e.url).toBe('wss://ws.okx.com:8443/ws/v5/public');
    expect(e.tls).toBeDefined();
    expect(e.inflate).toBe('gzip_raw');
    expect(e.deflate).toBeUndefined();
    expect(() => endpoint(`ws://h/|payload=${payload}&x=1`)).toThrow('unknown option "x" for ws://');
  });

  it('accepts clear aliases for compress and mode', () => {
    expect(endpoint('ws://h/|compress=raw').inflate).toBe('gzip_raw');
    expect(endpoint('ws://h/|compress=deflate_raw').inflate).toBe('gzip_raw');
    expect(endpoint('ws://h/|compress=zlib').inflate).toBe('deflate');
    expect(endpoint('ws://h/|compress=GZIP&mode=both')).toMatchObject({ inflate: 'gzip', deflate: 'gzip' });
    expect(endpoint('ws://h/|compress=gzip&mode=send')).toMatchObject({ inflate: undefined, deflate: 'gzip' });
    expect(endpoint('ws://h/|compress=none')).toMatchObject({ inflate: undefined, deflate: undefined });
  });

  it('defaults mode to recv when compress is set, and refuses mode without compress', () => {
    expect(endpoint('ws://h/|compress=gzip')).toMatchObject({ inflate: 'gzip', deflate: undefined });
    rejects('ws://h/|mode=dual', /mode=dual needs compress/);
    rejects('ws://h/|compress=brotli', /compress.*gzip_raw/);
  });

  it('takes headers as repeatable header=Name: value, a JSON object, or a record in the options object', () => {
    const e = endpoint('ws://h/|header=User-Agent: bot/1&header=X-Api-Key: k=1&b', { headers: { 'X-Trace': 't1' } });
    expect(e.headers).toEqual({ 'X-Trace': 't1', 'User-Agent': 'bot/1', 'X-Api-Key': 'k=1&b' });
    expect(e.secrets).toContain('k=1&b');
    expect(endpoint('ws://h/|headers={"A":"1"}').headers).toEqual({ A: '1' });
    rejects('ws://h/|header=nocolon', /Name: value/);
    rejects('ws://h/|headers=[1]', /headers must be an object/);
    rejects('ws://h/', /not a valid header name/, { headers: { 'bad name': 'x' } });
    rejects('ws://h/', /line break/, { headers: { A: 'x\r\nB: y' } });
  });

  it('resolves heartbeat defaults: control ping every 30 s; text when pingMessage is given', () => {
    expect(endpoint('ws://h/').heartbeat).toMatchObject({ intervalMs: 30000, type: 'control', timeoutMs: 10000 });
    expect(endpoint('ws://h/|ping=0').heartbeat.intervalMs).toBe(0);
    expect(endpoint('ws://h/|ping=20000&pingMessage=ping').heartbeat).toMatchObject({ type: 'text', message: 'ping' });
    expect(endpoint('ws://h/|pingType=text').heartbeat).toMatchObject({ type: 'text', message: 'ping' });
    expect(endpoint('ws://h/|pingType=text&pongMessage=pong').heartbeat.pongMessage).toBe('pong');
  });

  it('validates the URL and the proxy before any I/O', () => {
    rejects('ws://', /not a valid URL|no host/);
    rejects('ws://h/path#frag', /fragment/);
    rejects('ws://h/|proxy=http://p:8080', /socks5/);
    rejects('ws://h/|proxy=socks4://u:hunter2@p', /socks5/);
    rejects('wss://h/|cert=/c.pem', /needs both "cert" and "key"/);
    try {
      endpoint('ws://h/|proxy=socks4://u:hunter2@p');
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('hunter2');
    }
    expect(endpoint('ws://h/|proxy=socks5://u:hunter2@p:1080').secrets).toContain('hunter2');
  });

  it('refuses a malformed percent-escape in the userinfo as InvalidArgument, without showing the password', () => {
    for (const address of ['ws://bot:pa%zzss@h/', 'ws://b%E0ot:pass@h/']) {
      const error = (() => {
        try {
          endpoint(address);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toMatchObject({ code: 'InvalidArgument' });
      expect((error as Error).message).toMatch(/malformed percent-encoding in the user name or password/);
      expect((error as Error).message).not.toContain('pa%zzss');
    }
  });

  it('redacts URL credentials', () => {
    const e = endpoint('wss://user:s3cret@h/ws');
    expect(e.redacted).not.toContain('s3cret');
    expect(e.secrets).toContain('s3cret');
  });

  it('rejects unknown keys with a suggestion', () => {
    rejects('ws://h/|compres=gzip', /compress/);
  });
});
