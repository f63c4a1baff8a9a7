import { connect, createServer, type Server, type Socket } from 'node:net';
import { listen } from '../servers/tcp.js';

/**
 * How the proxy treats traffic:
 * - `pass`: forwards both ways.
 * - `stall`: new connections are accepted and then ignored (never connected upstream, never answered).
 * - `blackhole`: every connection silently stops forwarding both ways (bytes are read and
 *   dropped) without closing: a half-open link, as after a NAT or cable failure.
 * - `throttle`: forwards both ways at most `bytesPerSecond` per direction (a slow peer).
 */
export type ProxyMode = 'pass' | 'stall' | 'blackhole' | 'throttle';

interface Pair {
  client: Socket;
  upstream: Socket | undefined;
}

/** A fault-injecting TCP proxy on 127.0.0.1 in front of one loopback upstream port. */
export class FaultProxy {
  readonly #upstreamPort: number;
  #server: Server | undefined;
  #port = 0;
  #mode: ProxyMode = 'pass';
  #bytesPerSecond = 64 * 1024;
  #cutNext = false;
  readonly #pairs = new Set<Pair>();
  /** Bytes forwarded client→upstream and upstream→client. */
  readonly forwarded = { up: 0, down: 0 };

  constructor(upstreamPort: number) {
    this.#upstreamPort = upstreamPort;
  }

  get port(): number {
    return this.#port;
  }

  /** Starts listening on a free loopback port. */
  async start(): Promise<void> {
    const server = createServer((client) => this.#accept(client));
    await listen(server, 0);
    const address = server.address();
    if (address !== null && typeof address === 'object') this.#port = address.port;
    this.#server = server;
  }

  /** Switches the mode for existing and new connections. */
  setMode(mode: ProxyMode, bytesPerSecond?: number): void {
    this.#mode = mode;
    if (bytesPerSecond !== undefined) this.#bytesPerSecond = bytesPerSecond;
  }

  /** The next upstream→client chunk is forwarded only half, then both sides are destroyed. */
  cutNextChunk(): void {
    this.#cutNext = true;
  }

  /** Live proxied connections. */
  connections(): number {
    return this.#pairs.size;
  }

  /** Destroys every connection and stops listening. */
  async close(): Promise<void> {
    for (const pair of this.#pairs) this.#drop(pair);
    const server = this.#server;
    this.#server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #accept(client: Socket): void {
    const pair: Pair = { client, upstream: undefined };
    this.#pairs.add(pair);
    client.on('error', () => undefined);
    client.on('close', () => this.#drop(pair));
    if (this.#mode === 'stall') {
      client.on('data', () => undefined); // read and ignore: never answer
      return;
    }
    const upstream = connect({ host: '127.0.0.1', port: this.#upstreamPort });
    pair.upstream = upstream;
    upstream.on('error', () => undefined);
    upstream.on('close', () => this.#drop(pair));
    this.#pipe(client, upstream, 'up', pair);
    this.#pipe(upstream, client, 'down', pair);
  }

  #pipe(from: Socket, to: Socket, direction: 'up' | 'down', pair: Pair): void {
    from.on('data', (chunk: Buffer) => {
      if (this.#mode === 'blackhole') return;
      if (direction === 'down' && this.#cutNext) {
        this.#cutNext = false;
        to.write(chunk.subarray(0, Math.max(1, chunk.length >> 1)), () => this.#drop(pair));
        return;
      }
      this.forwarded[direction] += chunk.length;
      if (!to.write(chunk)) {
        from.pause();
        to.once('drain', () => from.resume());
      }
      if (this.#mode === 'throttle') {
        from.pause();
        setTimeout(() => from.resume(), Math.ceil((chunk.length / this.#bytesPerSecond) * 1000));
      }
    });
  }

  #drop(pair: Pair): void {
    if (!this.#pairs.delete(pair)) return;
    pair.client.destroy();
    pair.upstream?.destroy();
  }
}
