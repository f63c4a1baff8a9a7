import { createServer, type Server, type Socket } from 'node:net';
import { listen } from './tcp.js';

/** A loopback TCP server that counts received bytes; optionally never reads (a peer that does not read). */
export class SinkServer {
  #server: Server | undefined;
  #port = 0;
  readonly #sockets = new Set<Socket>();
  /** Bytes received over all connections. */
  received = 0;

  constructor(private readonly reading = true) {}

  get port(): number {
    return this.#port;
  }

  /** Starts on a free port. */
  async start(): Promise<void> {
    const server = createServer((socket) => {
      this.#sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => this.#sockets.delete(socket));
      if (this.reading) socket.on('data', (chunk) => (this.received += chunk.length));
      else socket.pause();
    });
    await listen(server, 0);
    const address = server.address();
    if (address !== null && typeof address === 'object') this.#port = address.port;
    this.#server = server;
  }

  /** Destroys every connection and stops. */
  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    const server = this.#server;
    this.#server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
