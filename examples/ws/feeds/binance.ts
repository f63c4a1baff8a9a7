import { every, priceWalk, startFeedServer, type FeedServer } from './server.js';

/** Options of {@link startBinanceFeed}. */
export interface BinanceFeedOptions {
  port?: number;
  /** Milliseconds between two ticker arrays (default 1000, as `!ticker@arr`). */
  intervalMs?: number;
  /** Number of symbols in each array (default 300: a frame of about 100 KB). */
  symbols?: number;
}

/**
 * A Binance-style all-market ticker stream (`/ws/!ticker@arr`): every `intervalMs` each client
 * gets one large JSON array of 24 h tickers. Needs no subscription.
 */
export async function startBinanceFeed(options: BinanceFeedOptions = {}): Promise<FeedServer> {
  const count = options.symbols ?? 300;
  const names = Array.from({ length: count }, (_, i) => (i === 0 ? 'BTCUSDT' : i === 1 ? 'ETHUSDT' : `C${i}USDT`));
  const walks = names.map((_, i) => priceWalk(i === 0 ? 60000 : i === 1 ? 3000 : 1 + i, i + 1));
  return startFeedServer(
    '/ws/!ticker@arr',
    (socket) => {
      every(socket, options.intervalMs ?? 1000, () => {
        const now = Date.now();
        const tickers = names.map((s, i) => {
          const c = walks[i]!();
          const px = (v: number): string => v.toFixed(2);
          return {
            e: '24hrTicker',
            E: now,
            s,
            p: '0.00',
            P: '0.000',
            w: px(c),
            x: px(c),
            c: px(c),
            Q: '0.1',
            b: px(c - 0.01),
            B: '1.0',
            a: px(c + 0.01),
            A: '1.0',
            o: px(c),
            h: px(c * 1.02),
            l: px(c * 0.98),
            v: '1000.0',
            q: px(c * 1000),
            O: now - 86_400_000,
            C: now,
            F: 1,
            L: 1000,
            n: 1000,
          };
        });
        socket.send(JSON.stringify(tickers));
      });
    },
    options.port,
  );
}
