import { setTimeout as sleep } from 'node:timers/promises';
import { dial, type Connection } from 'omnidial';

/** One quote of a ticker frame. */
export interface Quote {
  s: string;
  last: number;
  bid: number;
  ask: number;
}

/** What the bot has done so far; the live table and the summary are drawn from it. */
export interface BotState {
  readonly quotes: Map<string, Quote & { updated: number }>;
  /** Frames used (one `read(-2)` each), rows inserted, and the log of link events. */
  recorded: number;
  rows: number;
  readonly events: string[];
  feed: Connection | undefined;
}

/** Where the bot connects and how long it runs. */
export interface BotOptions {
  feedUrl: string;
  dbAddress: string;
  /** Milliseconds between two `read(-2)` samples. */
  sampleMs: number;
  signal: AbortSignal;
  /** Called after every sample, for the live view. */
  onSample(state: BotState): void;
}

const SUBSCRIBE = JSON.stringify({ op: 'subscribe', channel: 'tickers' });

/**
 * The bot: one `dial()` for the feed (gzip frames, auto-reconnect, re-subscribe on every
 * reconnect through `payload`), one for SQLite; samples the newest frame with `read(-2)` and
 * records its quotes. Returns when `signal` aborts, with both connections closed.
 */
export async function runBot(options: BotOptions): Promise<BotState> {
  const state: BotState = { quotes: new Map(), recorded: 0, rows: 0, events: [], feed: undefined };
  const log = (text: string): void => {
    state.events.push(`${new Date().toISOString().slice(11, 23)} ${text}`);
  };
  const feed = await dial(
    `${options.feedUrl}|compress=gzip&mode=recv&reconnect=true&interval=200&payload=${SUBSCRIBE}`,
  );
  state.feed = feed;
  feed.on('disconnect', (error) => log(`feed dropped: ${error.message}`));
  feed.on('reconnect', ({ attempts, downtimeMs }) =>
    log(`feed back after ${downtimeMs} ms (${attempts} attempt${attempts === 1 ? '' : 's'}), re-subscribed`),
  );
  const db = await dial(options.dbAddress);
  try {
    await db.exec(
      'CREATE TABLE IF NOT EXISTS ticks (ts INTEGER NOT NULL, symbol TEXT NOT NULL, last REAL, bid REAL, ask REAL)',
    );
    log(`recording into ${db.address}`);
    while (!options.signal.aborted) {
      const frame = await feed.read(-2);
      if (typeof frame === 'string' && frame !== '') {
        const { ts, data } = JSON.parse(frame) as { ts: number; data: Quote[] };
        for (const q of data) {
          await db.exec(
            'INSERT INTO ticks (ts, symbol, last, bid, ask) VALUES (?, ?, ?, ?, ?)',
            ts,
            q.s,
            q.last,
            q.bid,
            q.ask,
          );
          state.quotes.set(q.s, { ...q, updated: ts });
          state.rows += 1;
        }
        state.recorded += 1;
      }
      options.onSample(state);
      await sleep(options.sampleMs, undefined, { signal: options.signal }).catch(() => undefined);
    }
    const [[count] = []] = (await db.exec('SELECT COUNT(*) FROM ticks')).values;
    state.rows = Number(count);
    return state;
  } finally {
    await feed.close();
    await db.close();
  }
}
