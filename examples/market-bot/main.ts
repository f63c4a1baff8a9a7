/**
 * The main job: `pnpm start`. A local market feed (WebSocket, gzip frames, needs a
 * subscription, drops every few seconds) and a bot that dials it with omnidial, samples it
 * with `read(-2)` and records ticks into SQLite, with a live table. Needs no external server.
 *
 *   tsx examples/market-bot/main.ts [--seconds 15] [--db sqlite3://:memory:] [--drop-every 2500]
 */
import { parseArgs } from 'node:util';
import { runBot } from './bot.js';
import { startMarketFeed } from './server.js';
import { LiveView } from './view.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    db: { type: 'string', default: 'sqlite3://:memory:' },
    'drop-every': { type: 'string', default: '2500' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help === true) {
  console.log('usage: market-bot [--seconds 15] [--db sqlite3://:memory:] [--drop-every 2500]');
  process.exit(0);
}
const seconds = Number(values.seconds);
if (!(seconds > 0)) throw new Error(`--seconds must be a positive number, got ${values.seconds}`);

const feed = await startMarketFeed({
  symbols: ['BTC-USDT', 'ETH-USDT', 'SOL-USDT', 'DOGE-USDT'],
  dropEveryMs: Number(values['drop-every']),
});
const stop = new AbortController();
const timer = setTimeout(() => stop.abort('time'), seconds * 1000);
process.once('SIGINT', () => stop.abort('interrupted'));
const view = new LiveView(process.stdout);
const started = Date.now();

try {
  const state = await runBot({
    feedUrl: feed.url,
    dbAddress: values.db,
    sampleMs: 200,
    signal: stop.signal,
    onSample: (s) => view.draw(s),
  });
  const stats = state.feed!.stats();
  const elapsed = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    [
      '',
      `summary (${stop.signal.reason === 'interrupted' ? 'stopped by Ctrl-C' : 'finished'} after ${elapsed} s)`,
      `  frames received:   ${stats.received} (gzip, decompressed by omnidial)`,
      `  ticks recorded:    ${state.recorded} (newest frame per read(-2); ${stats.discarded} stale frames skipped)`,
      `  reconnects:        ${stats.reconnects} (server dropped the link ${feed.stats.drops} times; payload re-subscribed each time)`,
      `  rows in SQLite:    ${state.rows} (${values.db})`,
    ].join('\n'),
  );
} finally {
  clearTimeout(timer);
  await feed.close();
}
