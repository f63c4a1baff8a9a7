import { WebSocketServer, type WebSocket } from 'ws';
import type { IncomingMessage } from 'node:http';

/** A local feed server started by an example or a test. */
export interface FeedServer {
  /** `ws://127.0.0.1:<port><path>` */
  readonly url: string;
  readonly port: number;
  /** Clients currently connected. */
  readonly clients: ReadonlySet<WebSocket>;
  /** Cuts every client connection (no closing handshake), as a crashing exchange would. */
  dropClients(): void;
  /** Stops listening and cuts every client. */
  close(): Promise<void>;
}

/** Starts a WebSocket server on 127.0.0.1 (port 0 = any free port) and calls `onClient` per connection. */
export async function startFeedServer(
  path: string,
  onClient: (socket: WebSocket, request: IncomingMessage) => void,
  port = 0,
): Promise<FeedServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port });
  server.on('connection', onClient);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const actual = (server.address() as { port: number }).port;
  return {
    url: `ws://127.0.0.1:${actual}${path}`,
    port: actual,
    clients: server.clients,
    dropClients: () => {
      for (const client of server.clients) client.terminate();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

/** Calls `tick` every `ms` while `socket` is open. */
export function every(socket: WebSocket, ms: number, tick: () => void): void {
  const timer = setInterval(() => {
    if (socket.readyState === socket.OPEN) tick();
  }, ms);
  socket.on('close', () => clearInterval(timer));
}

/** A pseudo-random price walk, deterministic per seed. */
export function priceWalk(start: number, seed = 1): () => number {
  let state = seed;
  let price = start;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    price = Math.max(1, price * (1 + (state / 2 ** 31 - 0.5) / 500));
    return Math.round(price * 100) / 100;
  };
}
