import { createHmac, timingSafeEqual } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { WebSocket } from 'ws';
import { every, priceWalk, startFeedServer, type FeedServer } from './server.js';

/** API credentials the private channels accept (OKX v5 login). */
export interface OkxCredentials {
  apiKey: string;
  secret: string;
  passphrase: string;
}

/** Options of {@link startOkxFeed}. */
export interface OkxFeedOptions {
  port?: number;
  /** Milliseconds between two ticker pushes per subscription (default 200). */
  intervalMs?: number;
  /** The server closes a connection that sent nothing (not even "ping") for this long (default 30 000). */
  idleTimeoutMs?: number;
  /** Cut every connection this often, as OKX does now and then (default never). */
  dropEveryMs?: number;
  /** Accept logins with these credentials (private channels need a login). */
  credentials?: OkxCredentials;
  /** Push frames as raw DEFLATE binary frames (default true, like OKX v3 and FMZ's compress=gzip_raw example). */
  compress?: boolean;
}

/** An OKX-style feed plus what clients sent to it. */
export interface OkxFeed extends FeedServer {
  /** Every text message received from clients, in order, across connections. */
  readonly received: string[];
  /** Connections accepted so far. */
  readonly connections: () => number;
}

/** The string OKX signs for a WebSocket login. */
export function okxLoginPrehash(timestamp: string): string {
  return `${timestamp}GET/users/self/verify`;
}

function loginOk(credentials: OkxCredentials | undefined, arg: Record<string, string> | undefined): boolean {
  if (
    credentials === undefined ||
    arg === undefined ||
    arg.apiKey !== credentials.apiKey ||
    arg.passphrase !== credentials.passphrase
  )
    return false;
  if (Math.abs(Date.now() / 1000 - Number(arg.timestamp)) > 30) return false;
  const expected = createHmac('sha256', credentials.secret)
    .update(okxLoginPrehash(String(arg.timestamp)))
    .digest();
  const given = Buffer.from(String(arg.sign ?? ''), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * An OKX-v5-style feed (`/ws/v5/public`, `/ws/v5/private`): `{"op":"subscribe","args":[...]}`
 * subscribes to `tickers` (public) or `account` (private, after `{"op":"login"}` with an
 * HMAC-SHA256 signature); pushes are raw-DEFLATE binary frames; a text "ping" is answered
 * with a text "pong"; a silent client is disconnected after `idleTimeoutMs`.
 */
export async function startOkxFeed(options: OkxFeedOptions = {}): Promise<OkxFeed> {
  const received: string[] = [];
  let connections = 0;
  const compress = options.compress ?? true;
  const feed = await startFeedServer(
    '/ws/v5/public',
    (socket: WebSocket) => {
      connections += 1;
      const connId = `c${connections}`;
      let loggedIn = false;
      let idle = setTimeout(() => socket.close(4004, 'no data received in time'), options.idleTimeoutMs ?? 30_000);
      const push = (value: unknown): void => {
        const text = JSON.stringify(value);
        socket.send(compress ? deflateRawSync(text) : text, { binary: compress });
      };
      socket.on('close', () => clearTimeout(idle));
      socket.on('message', (data, isBinary) => {
        clearTimeout(idle);
        idle = setTimeout(() => socket.close(4004, 'no data received in time'), options.idleTimeoutMs ?? 30_000);
        // A client with compress=gzip_raw&mode=dual sends raw-DEFLATE binary frames.
        const text = (isBinary ? inflateRawSync(data as Buffer) : (data as Buffer)).toString();
        received.push(text);
        if (text === 'ping') return void socket.send('pong');
        let request: { op?: string; args?: Array<Record<string, string>> };
        try {
          request = JSON.parse(text) as typeof request;
        } catch {
          return push({ event: 'error', code: '60012', msg: `Invalid request: ${text}`, connId });
        }
        if (request.op === 'login') {
          loggedIn = loginOk(options.credentials, request.args?.[0]);
          return push(
            loggedIn
              ? { event: 'login', code: '0', msg: '', connId }
              : { event: 'error', code: '60009', msg: 'Login failed.', connId },
          );
        }
        if (request.op !== 'subscribe')
          return push({ event: 'error', code: '60012', msg: `Invalid request: ${text}`, connId });
        for (const arg of request.args ?? []) {
          if (arg.channel === 'account' && !loggedIn) {
            push({ event: 'error', code: '60011', msg: 'Please log in', connId });
            continue;
          }
          push({ event: 'subscribe', arg, connId });
          const walk = priceWalk(arg.instId === 'ETH-USDT' ? 3000 : 60000, connections);
          every(socket, options.intervalMs ?? 200, () => {
            const ts = String(Date.now());
            push(
              arg.channel === 'account'
                ? {
                    arg,
                    data: [
                      {
                        uTime: ts,
                        totalEq: '10000.5',
                        details: [{ ccy: arg.ccy ?? 'USDT', eq: '10000.5', availBal: '9000' }],
                      },
                    ],
                  }
                : { arg, data: [{ instType: 'SPOT', instId: arg.instId, last: String(walk()), ts }] },
            );
          });
        }
      });
    },
    options.port,
  );
  if (options.dropEveryMs !== undefined) {
    const timer = setInterval(() => feed.dropClients(), options.dropEveryMs);
    const close = feed.close;
    return {
      ...feed,
      received,
      connections: () => connections,
      close: async () => {
        clearInterval(timer);
        await close();
      },
    };
  }
  return { ...feed, received, connections: () => connections };
}
