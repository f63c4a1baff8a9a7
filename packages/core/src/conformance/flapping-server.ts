import { createServer, type Server, type Socket } from 'node:net';

/**
 * A server that misbehaves like an exchange under a rate limit: it accepts every connection
 * and closes it at once ("flapping"), until `heal()`; then it keeps connections and echoes.
 * Conformance harnesses return one from `flapping()`; see {@link FlappingTcpServer} for tcp.
 */
export interface FlappingPeer {
  /** The address to dial (without `|` options). */
  readonly address: string;
  /** Connections accepted so far (counted once the protocol handshake is done). */
  accepted(): number;
  /** From now on connections stay open and what they send is echoed. */
  heal(): void;
  /** Closes every live connection, and every new one at once, until `heal()`. */
  flap(): void;
  /** Stops the server. */
  close(): Promise<void>;
}

/** A {@link FlappingPeer} over plain TCP on 127.0.0.1 (an ephemeral port); starts flapping. */
export class FlappingTcpServer implements FlappingPeer {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #accepted = 0;
  #flapping = true;

  private constructor(server: Server) {
    this.#server = server;
    server.on('connection', (socket) => this.#accept(socket));
  }

  /** Starts listening; resolves once the server accepts. */
  static async start(): Promise<FlappingTcpServer> {
    const made = new FlappingTcpServer(createServer());
    await new Promise<void>((resolve, reject) => {
      made.#server.once('error', reject);
      made.#server.listen(0, '127.0.0.1', () => resolve());
    });
    return made;
  }

  get port(): number {
    return (this.#server.address() as { port: number }).port;
  }

  get address(): string {
    return `tcp://127.0.0.1:${this.port}`;
  }

  accepted(): number {
    return this.#accepted;
  }

  heal(): void {
    this.#flapping = false;
  }

  flap(): void {
    this.#flapping = true;
    for (const socket of this.#sockets) socket.destroy();
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(socket: Socket): void {
    this.#accepted += 1;
    socket.on('error', () => undefined);
    if (this.#flapping) {
      socket.destroy();
      return;
    }
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('data', (chunk) => socket.write(chunk));
  }
}
