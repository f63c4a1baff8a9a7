import { createPublicKey, verify } from 'node:crypto';
import type { WebSocket } from 'ws';
import { every, priceWalk, startFeedServer, type FeedServer } from './server.js';

/** Options of {@link startBackpackFeed}. */
export interface BackpackFeedOptions {
  port?: number;
  /** Milliseconds between two pushes (default 200). */
  intervalMs?: number;
  /** The account's ed25519 public key (raw 32 bytes, base64) that private streams accept. */
  verifyingKey: string;
  /**
   * The API key clients must name in the signature (default `verifyingKey`); FMZ's example
   * sends a placeholder here, so its test sets it to that.
   */
  apiKey?: string;
}

/** A Backpack-style feed plus what it saw. */
export interface BackpackFeed extends FeedServer {
  /** Every message received from clients, in order. */
  readonly received: string[];
}

/** The string Backpack signs for a private stream subscription. */
export function backpackSubscribeMessage(timestamp: number, window: number): string {
  return `instruction=subscribe&timestamp=${timestamp}&window=${window}`;
}

/** An ed25519 public key object from its raw 32 bytes (base64). */
export function ed25519PublicKey(rawBase64: string): ReturnType<typeof createPublicKey> {
  const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(rawBase64, 'base64')]);
  return createPublicKey({ key: der, format: 'der', type: 'spki' });
}

function signatureOk(options: BackpackFeedOptions, signature: unknown): boolean {
  if (!Array.isArray(signature) || signature.length !== 4) return false;
  const [key, sig, timestamp, window] = signature.map(String) as [string, string, string, string];
  if (key !== (options.apiKey ?? options.verifyingKey) || Math.abs(Date.now() - Number(timestamp)) > Number(window))
    return false;
  const message = Buffer.from(backpackSubscribeMessage(Number(timestamp), Number(window)));
  return verify(null, message, ed25519PublicKey(options.verifyingKey), Buffer.from(sig, 'base64'));
}

/**
 * A Backpack-style feed (`/`): `{"method":"SUBSCRIBE","params":["bookTicker.SOL_USDC"]}` for
 * public streams; private streams (`account.*`) need `"signature":[verifyingKey, signature,
 * timestamp, window]`, an ed25519 signature of `instruction=subscribe&timestamp=..&window=..`.
 * Pushes are text frames `{"stream":..,"data":..}`.
 */
export async function startBackpackFeed(options: BackpackFeedOptions): Promise<BackpackFeed> {
  const received: string[] = [];
  const feed = await startFeedServer(
    '/',
    (socket: WebSocket) => {
      socket.on('message', (data) => {
        const text = (data as Buffer).toString();
        received.push(text);
        const request = JSON.parse(text) as { method?: string; params?: string[]; signature?: unknown };
        if (request.method !== 'SUBSCRIBE') return;
        for (const stream of request.params ?? []) {
          if (stream.startsWith('account.') && !signatureOk(options, request.signature)) {
            socket.send(JSON.stringify({ id: null, error: { code: 4006, message: 'Invalid signature' } }));
            continue;
          }
          const walk = priceWalk(150, 3);
          let n = 0;
          every(socket, options.intervalMs ?? 200, () => {
            n += 1;
            const price = walk();
            socket.send(
              JSON.stringify({
                stream,
                data: stream.startsWith('account.')
                  ? {
                      e: 'orderFill',
                      E: Date.now() * 1000,
                      s: 'SOL_USDC',
                      i: String(n),
                      S: 'Bid',
                      L: String(price),
                      l: '0.5',
                      X: 'PartiallyFilled',
                    }
                  : {
                      e: 'bookTicker',
                      E: Date.now() * 1000,
                      s: 'SOL_USDC',
                      a: String(price + 0.01),
                      b: String(price - 0.01),
                      u: n,
                    },
              }),
            );
          });
        }
      });
    },
    options.port,
  );
  return { ...feed, received };
}
