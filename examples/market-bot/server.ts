import { gzipSync } from 'node:zlib';
import { WebSocketServer, type WebSocket } from 'ws';

/** How the local market feed behaves. */
export interface FeedOptions {
  /** Symbols quoted in every frame. */
  symbols: readonly string[];
  /** Milliseconds between frames (default 50). */
  frameMs?: number;
  /** Every connection is dropped after about this many ms (±20 %), like a flaky exchange. */
  dropEveryMs?: number;
}

/** A running feed: its ws:// URL, counters and `close()`. */
export interface MarketFeed {
  readonly url: string;
  readonly stats: { connections: number; drops: number; frames: number };
  close(): Promise<void>;
}

const START: Readonly<Record<string, number>> = {
  'BTC-USDT': 64_000,
  'ETH-USDT': 3_100,
  'SOL-USDT': 150,
  'DOGE-USDT': 0.16,
};

/**
 * Starts a local exchange-like WebSocket feed on 127.0.0.1: it sends nothing until the client
 * subscribes (`{"op":"subscribe","channel":"tickers"}`), then a gzip-compressed JSON ticker
 * frame every `frameMs`, and drops the connection every few seconds.
 */
export async function startMarketFeed(options: FeedOptions): Promise<MarketFeed> {
  const frameMs = options.frameMs ?? 50;
  const dropEveryMs = options.dropEveryMs ?? 2500;
  const prices = new Map(options.symbols.map((s) => [s, START[s] ?? 100]));
  const stats = { connections: 0, drops: 0, frames: 0 };
  let seq = 0;
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });

  const serve = (socket: WebSocket): void => {
    stats.connections += 1;
    let timer: NodeJS.Timeout | undefined;
    const unsubscribed = setTimeout(() => socket.close(4001, 'subscribe first'), 2000);
    const dropAfter = dropEveryMs * (0.8 + Math.random() * 0.4);
    const drop = setTimeout(() => {
      stats.drops += 1;
      socket.terminate();
    }, dropAfter);
    socket.on('message', (data) => {
      const request = safeJson(String(data));
      if (request?.op !== 'subscribe' || request.channel !== 'tickers') {
        socket.send(gzipSync(JSON.stringify({ error: 'expected {"op":"subscribe","channel":"tickers"}' })));
        return;
      }
      clearTimeout(unsubscribed);
      timer ??= setInterval(() => {
        const data = options.symbols.map((symbol) => quote(symbol, prices));
        socket.send(gzipSync(JSON.stringify({ channel: 'tickers', seq: ++seq, ts: Date.now(), data })));
        stats.frames += 1;
      }, frameMs);
    });
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(drop);
      clearTimeout(unsubscribed);
    });
    socket.on('error', () => undefined);
  };
  server.on('connection', serve);
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    stats,
    close: () =>
      new Promise((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

function quote(symbol: string, prices: Map<string, number>): { s: string; last: number; bid: number; ask: number } {
  const previous = prices.get(symbol)!;
  const last = previous * (1 + (Math.random() - 0.5) * 0.002);
  prices.set(symbol, last);
  const spread = last * 0.0001;
  return { s: symbol, last: round(last), bid: round(last - spread), ask: round(last + spread) };
}

function round(value: number): number {
  return Number(value.toPrecision(7));
}

function safeJson(text: string): { op?: unknown; channel?: unknown } | undefined {
  try {
    return JSON.parse(text) as { op?: unknown; channel?: unknown };
  } catch {
    return undefined;
  }
}
