import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import { rmSync } from 'node:fs';

/** Where an echo server listens: a TCP port on 127.0.0.1, or a unix socket path. */
export type Listen = { port: number } | { path: string };

/** What the server does with each new connection (default: echo everything back). */
export type OnConnection = (socket: Socket) => void;

/**
 * A stream echo server (plain TCP, TLS or unix) that can be stopped — cutting every live
 * connection — and restarted on the same port or path, for the reconnect tests.
 */
export class EchoServer {
  readonly #make: () => Server;
  readonly #sockets = new Set<Socket>();
  #server: Server | undefined;
  #where: Listen | undefined;
  /** Connections accepted since the server was created (across restarts). */
  connections = 0;
  /** Connections currently open. */
  get liveConnections(): number {
    return this.#sockets.size;
  }

  /** Replaces the echo behaviour for new connections. */
  onConnection: OnConnection = (socket) => socket.pipe(socket);

  constructor(tls?: TlsOptions) {
    this.#make = () => {
      const handler = (socket: Socket): void => this.#accept(socket);
      return tls === undefined ? createNetServer(handler) : createTlsServer(tls, handler);
    };
  }

  /** Starts listening (port 0 = any free port) and resolves to where. */
  async start(where: Listen = { port: 0 }): Promise<Listen> {
    if ('path' in where && !where.path.startsWith('\0')) rmSync(where.path, { force: true });
    const server = this.#make();
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen('path' in where ? where.path : { port: where.port, host: '127.0.0.1' }, () => resolve());
    });
    const address = server.address();
    this.#where = typeof address === 'object' && address !== null ? { port: address.port } : where;
    this.#server = server;
    return this.#where;
  }

  /** The TCP port (throws for a unix server). */
  get port(): number {
    const where = this.#where;
    if (where === undefined || !('port' in where)) throw new Error('not a TCP server');
    return where.port;
  }

  /** Stops listening and destroys every live connection. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again where it listened before. */
  async restart(): Promise<void> {
    if (this.#where === undefined) throw new Error('never started');
    await this.start(this.#where);
  }

  #accept(socket: Socket): void {
    this.connections += 1;
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => undefined);
    this.onConnection(socket);
  }
}
