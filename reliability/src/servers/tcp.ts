import { createServer, type Server, type Socket } from 'node:net';
import type { FlappingServer, PushOptions } from './types.js';

/**
 * A TCP {@link FlappingServer}: pushes `seq:<n>\n` lines and echoes `echo:<chunk>`.
 * `kill()` resets every socket (RST), like a crashed process.
 */
export class TcpFlappingServer implements FlappingServer {
  #port = 0;
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #pushed = 0;
  readonly #options: PushOptions;

  constructor(options: PushOptions = { pushEveryMs: 10 }) {
    this.#options = options;
  }

  get port(): number {
    return this.#port;
  }

  get pushed(): number {
    return this.#pushed;
  }

  clients(): number {
    return this.#sockets.size;
  }

  async start(): Promise<void> {
    const server = createServer((socket) => this.#accept(socket));
    await listen(server, this.#port);
    this.#server = server;
    const address = server.address();
    if (address !== null && typeof address === 'object') this.#port = address.port;
  }

  async kill(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers.clear();
    for (const socket of this.#sockets) socket.resetAndDestroy();
    this.#sockets.clear();
    const server = this.#server;
    this.#server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #accept(socket: Socket): void {
    this.#sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => socket.write(`echo:${chunk.toString('utf8')}`));
    let timer: NodeJS.Timeout | undefined;
    if (this.#options.pushEveryMs > 0) {
      timer = setInterval(() => {
        if (socket.writable) socket.write(`seq:${this.#pushed++}\n`);
      }, this.#options.pushEveryMs);
      this.#timers.add(timer);
    }
    socket.on('close', () => {
      this.#sockets.delete(socket);
      if (timer !== undefined) {
        clearInterval(timer);
        this.#timers.delete(timer);
      }
    });
  }
}

/** Listens on 127.0.0.1:`port` (0 = any), retrying briefly while the port is still in TIME_WAIT/EADDRINUSE. */
export async function listen(server: Server, port: number): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
          server.off('error', reject);
          resolve();
        });
      });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
