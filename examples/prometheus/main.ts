/**
 * omnidial metrics in Prometheus: a local exchange-like feed that drops the connection every
 * few seconds, a reader dialed with `reconnect=true`, and `GET /metrics` served by prom-client
 * from omnidial's diagnostics channels. At the end it scrapes its own endpoint once and prints
 * the omnidial series. Needs no external server.
 *
 *   tsx examples/prometheus/main.ts [--seconds 10] [--port 9464] [--drop-every 2000]
 */
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { dial } from 'omnidial';
import { startMarketFeed } from '../market-bot/server.js';
import { collectOmnidialMetrics } from './metrics.js';
import { serveMetrics } from './server.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    port: { type: 'string', default: '9464' },
    'drop-every': { type: 'string', default: '2000' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help === true) {
  console.log('usage: prometheus [--seconds 10] [--port 9464] [--drop-every 2000]');
  process.exit(0);
}
const seconds = Number(values.seconds);
if (!(seconds > 0)) throw new Error(`--seconds must be a positive number, got ${values.seconds}`);

const registry = new Registry();
collectDefaultMetrics({ register: registry });
const metrics = collectOmnidialMetrics(registry);
const endpoint = await serveMetrics(registry, Number(values.port));
const feed = await startMarketFeed({
  symbols: ['BTC-USDT', 'ETH-USDT'],
  frameMs: 20,
  dropEveryMs: Number(values['drop-every']),
});
console.log(`metrics at ${endpoint.url} for ${seconds} s`);

const conn = await dial(
  `${feed.url}|reconnect=true&interval=200&compress=gzip&payload={"op":"subscribe","channel":"tickers"}`,
);
const deadline = Date.now() + seconds * 1000;
try {
  while (Date.now() < deadline) {
    // A slow reader: messages wait in the queue, which is what the latency histogram shows.
    await conn.read(Math.max(1, deadline - Date.now()));
    await sleep(5);
  }
  const scrape = await (await fetch(endpoint.url)).text();
  console.log(
    scrape
      .split('\n')
      .filter((line) => line.startsWith('omnidial_') && !line.includes('_bucket'))
      .join('\n'),
  );
} finally {
  await conn.close();
  metrics.stop();
  await feed.close();
  await endpoint.close();
}
