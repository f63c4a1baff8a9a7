import { createServer } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { dial } from 'omnidial';
import { startBackpackFeed } from '../ws/feeds/backpack.js';
import { startBinanceFeed } from '../ws/feeds/binance.js';
import { startHuobiFeed } from '../ws/feeds/huobi.js';
import { startOkxFeed } from '../ws/feeds/okx.js';
import { runExample } from './fmz-support.js';

// Each example starts the CLI, a script thread and an engine thread from TypeScript sources.
vi.setConfig({ testTimeout: 150_000 });
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
const count = (text: string, part: string): number => text.split(part).length - 1;

describe("the FMZ Dial documentation's JavaScript examples under omnidial run, unchanged but for --map", () => {
  it('tls-http.js: writes a request, logs the response until the peer closes, exits 0', async () => {
    const server = createServer((socket) => {
      socket.once('data', (request) => {
        socket.end(`HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello ${request.toString().split('\n')[0]}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => void server.close());
    const { port } = server.address() as { port: number };
    const run = await runExample('tls-http.js', { maps: [`tls://www.baidu.com:443=tcp://127.0.0.1:${port}`] });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('HTTP/1.1 200 OK');
    expect(run.stdout).toContain('hello GET / HTTP/1.1');
    expect(run.code).toBe(0);
  });

  it('binance-ticker.js: the ticker array as a status table (_.each, _D)', async () => {
    const feed = await startBinanceFeed({ symbols: 3, intervalMs: 200 });
    cleanups.push(() => feed.close());
    const run = await runExample('binance-ticker.js', {
      maps: [`wss://stream.binance.com:9443=ws://127.0.0.1:${feed.port}`],
      stopWhen: (out) => count(out, 'Ticker Chart') >= 2,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/Currency +Highest +Lowest +Buy 1 +Sell 1 +Last traded price +Volume +Update time/);
    expect(run.stdout).toMatch(/BTCUSDT +\d+\.\d\d +\d+\.\d\d .* \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
    expect(run.stdout).toContain('ETHUSDT');
    expect(run.code).toBe(130);
  });

  it('okx-public.js: raw-DEFLATE frames inflated, the subscription payload sent, onexit on SIGINT', async () => {
    const feed = await startOkxFeed({ intervalMs: 100 });
    cleanups.push(() => feed.close());
    const run = await runExample('okx-public.js', {
      maps: [`wss://ws.okx.com:8443=ws://127.0.0.1:${feed.port}`],
      stopWhen: (out) => count(out, '"instId":"BTC-USDT","last"') >= 3,
    });
    expect(run.stderr).toBe('');
    expect(feed.received[0]).toBe('{"op":"subscribe","args":[{"channel":"tickers","instId":"BTC-USDT"}]}');
    expect(run.stdout).toContain('ret: {"event":"subscribe","arg":{"channel":"tickers","instId":"BTC-USDT"}');
    expect(run.stdout).toMatch(
      /ret: \{"arg":\{"channel":"tickers","instId":"BTC-USDT"\},"data":\[\{"instType":"SPOT","instId":"BTC-USDT","last":"\d/,
    );
    expect(run.stdout).toMatch(/ exit\n$/);
    expect(run.code).toBe(130);
  });

  it('huobi.js: gzip frames inflated, every ping answered with a pong', async () => {
    const feed = await startHuobiFeed({ intervalMs: 100, pingEveryMs: 300, pongTimeoutMs: 5000 });
    cleanups.push(() => feed.close());
    const run = await runExample('huobi.js', {
      maps: [`wss://api.huobi.pro=ws://127.0.0.1:${feed.port}`],
      stopWhen: (out) => count(out, 'Respond to ping, send pong:') >= 2 && out.includes('"ch":"market.btcusdt.detail"'),
    });
    expect(run.stderr).toBe('');
    expect(feed.received[0]).toBe('{"sub":"market.btcusdt.detail","id":"id1"}');
    expect(feed.received.filter((m) => m.startsWith('{"pong":')).length).toBeGreaterThanOrEqual(2);
    expect(feed.heartbeatKills()).toBe(0);
    expect(run.stdout).toMatch(/Respond to ping, send pong: \{"pong":\d+\}/);
    expect(run.stdout).toContain('Execute the ws.close() function');
    expect(run.code).toBe(130);
  });

  it('okx-private.js: an HMAC-signed login, and a new login after the exchange drops the link', async () => {
    const feed = await startOkxFeed({
      compress: false,
      credentials: { apiKey: 'xxx', secret: 'xxx', passphrase: 'xxx' },
    });
    cleanups.push(() => feed.close());
    let dropped = false;
    const run = await runExample('okx-private.js', {
      maps: [`wss://ws.okx.com:8443/ws/v5/private=ws://127.0.0.1:${feed.port}/ws/v5/public`],
      stopWhen: (out) => {
        if (!dropped && out.includes('"arg":{"channel":"positions"')) {
          dropped = true;
          feed.dropClients();
        }
        return count(out, '{"event":"login","code":"0"') >= 2 && out.includes('Disconnection detected');
      },
    });
    expect(run.stderr).toBe('');
    expect(feed.connections()).toBe(2);
    expect(run.stdout).not.toContain('Login failed');
    expect(run.stdout).toContain('Disconnection detected, close connection, reconnect');
    expect(run.stdout).toContain('Close the connection!');
    expect(run.code).toBe(130);
  });

  it('backpack.js: an ed25519 signature from the {{secretkey}} seed, accepted by the exchange', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url').toString('base64');
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
    const feed = await startBackpackFeed({ verifyingKey: raw, apiKey: 'xxx', intervalMs: 100 });
    cleanups.push(() => feed.close());
    const run = await runExample('backpack.js', {
      maps: [`wss://ws.backpack.exchange=ws://127.0.0.1:${feed.port}`],
      env: { OMNIDIAL_SECRET_KEY: seed },
      stopWhen: (out) => count(out, '"e":"orderFill"') >= 2,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toContain('Invalid signature');
    expect(run.stdout).toContain('{"stream":"account.orderUpdate","data":{"e":"orderFill"');
    expect(run.code).toBe(130);
  });

  it('sqlite.js: opens test1.db, logs its handle and its tables, closes in onexit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omnidial-fmz-'));
    const db = await dial(`sqlite3://${dir}/test1.db`);
    await db.exec('CREATE TABLE ticks (ts INTEGER, price REAL)');
    await db.close();
    const run = await runExample('sqlite.js', { maps: [`sqlite3://test1.db=sqlite3://${dir}/test1.db`] });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/sqlite3Handle: \d+\n/);
    expect(run.stdout).toContain('{"columns":["name"],"values":[["ticks"]]}');
    expect(run.stdout).toMatch(/Execute client\.close\(\)\n$/);
    expect(run.code).toBe(0);
  });

  const brokers = ['NATS', 'MQTT', 'AMQP', 'KAFKA'].map((name) => process.env[`OMNIDIAL_TEST_${name}_URL`]);
  if (brokers.some((url) => !url) && process.env.CI)
    throw new Error('CI must run the FMZ examples through `pnpm with-services`');
  it.skipIf(brokers.some((url) => !url))(
    'brokers.js: writes and reads on nats, amqp, mqtt and kafka in one loop',
    async () => {
      const [nats, mqtt, amqp, kafka] = brokers as string[];
      const run = await runExample('brokers.js', {
        maps: [
          `nats://admin@127.0.0.1:4222=${nats!.replace(/\/$/, '')}`,
          `mqtt://127.0.0.1:1883=${mqtt!.replace(/\/$/, '')}`,
          `amqp://q:admin@127.0.0.1:5672/=${amqp!.replace(/\/?$/, '/')}`,
          `kafka://localhost:9092=${kafka!.replace(/\/$/, '')}`,
        ],
        stopWhen: (out) =>
          ['nats', 'amqp', 'mqtt', 'kafka'].every((name) => out.includes(`${name} readMsg:  ${name}, time: `)),
        timeoutMs: 140_000,
      });
      expect(run.stderr).toBe('');
      for (const name of ['nats', 'amqp', 'mqtt', 'kafka']) {
        expect(run.stdout).toMatch(
          new RegExp(`${name} readMsg:  ${name}, time: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d, test msg\\.`),
        );
        expect(run.stdout).toContain(`close ${name} connect`);
      }
      expect(run.code).toBe(130);
    },
  );
});
