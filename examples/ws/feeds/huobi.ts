import { gunzipSync, gzipSync } from 'node:zlib';
import type { WebSocket } from 'ws';
import { every, priceWalk, startFeedServer, type FeedServer } from './server.js';

/** Options of {@link startHuobiFeed}. */
export interface HuobiFeedOptions {
  port?: number;
  /** Milliseconds between two market pushes (default 200). */
  intervalMs?: number;
  /** Milliseconds between two `{"ping":n}` (default 5000, as Huobi). */
  pingEveryMs?: number;
  /** The server closes a connection that did not answer a ping with `{"pong":n}` within this long (default 2 × pingEveryMs). */
  pongTimeoutMs?: number;
}

/** A Huobi-style feed plus what it saw. */
export interface HuobiFeed extends FeedServer {
  /** Every message received from clients, in order. */
  readonly received: string[];
  /** Connections closed by the server because a pong was missing. */
  readonly heartbeatKills: () => number;
}

/**
 * A Huobi-style market feed (`/ws`): every frame is gzip-compressed binary; the server sends
 * `{"ping":n}` and closes the connection when `{"pong":n}` does not come back in time;
 * `{"sub":"market.btcusdt.detail","id":"id1"}` subscribes.
 */
export async function startHuobiFeed(options: HuobiFeedOptions = {}): Promise<HuobiFeed> {
  const received: string[] = [];
  let kills = 0;
  const pingEvery = options.pingEveryMs ?? 5000;
  const pongTimeout = options.pongTimeoutMs ?? 2 * pingEvery;
  const feed = await startFeedServer(
    '/ws',
    (socket: WebSocket) => {
      const send = (value: unknown): void => void socket.send(gzipSync(JSON.stringify(value)));
      let lastPong = Date.now();
      every(socket, pingEvery, () => {
        if (Date.now() - lastPong > pongTimeout) {
          kills += 1;
          send({ status: 'error', 'err-code': 'bad-request', 'err-msg': 'heartbeat timeout' });
          socket.close(1000, 'heartbeat timeout');
          return;
        }
        send({ ping: Date.now() });
      });
      socket.on('message', (data, isBinary) => {
        const text = (isBinary ? gunzipSync(data as Buffer) : (data as Buffer)).toString();
        received.push(text);
        const request = JSON.parse(text) as { pong?: number; sub?: string; id?: string };
        if (typeof request.pong === 'number') {
          lastPong = Date.now();
          return;
        }
        if (request.sub === undefined) return;
        send({ id: request.id, status: 'ok', subbed: request.sub, ts: Date.now() });
        const walk = priceWalk(60000, 7);
        let id = 0;
        every(socket, options.intervalMs ?? 200, () => {
          const close = walk();
          id += 1;
          send({
            ch: request.sub,
            ts: Date.now(),
            tick: {
              id,
              open: 60000,
              close,
              high: close * 1.01,
              low: close * 0.99,
              amount: 123.4,
              vol: close * 123.4,
              count: id,
            },
          });
        });
      });
    },
    options.port,
  );
  return { ...feed, received, heartbeatKills: () => kills };
}
