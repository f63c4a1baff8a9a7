import { createServer, type Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { listen } from './tcp.js';
import type { FlappingServer, PushOptions } from './types.js';

/**
 * A WebSocket {@link FlappingServer}: pushes `seq:<n>` text frames and echoes `echo:<text>`.
 * `kill()` terminates every socket without a close frame, like a crashed process.
 */
export class WsFlappingServer implements FlappingServer {
  #port = 0;
  #http: Server | undefined;
  #wss: WebSocketServer | undefined;
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
    return this.#wss?.clients.size ?? 0;
  }

  async start(): Promise<void> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    wss.on('connection', (socket) => this.#accept(socket));
    await listen(http, this.#port);
    this.#http = http;
    this.#wss = wss;
    const address = http.address();
    if (address !== null && typeof address === 'object') this.#port = address.port;
  }

  async kill(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers.clear();
    const server = this.#wss;
    const listener = this.#http;
    this.#wss = undefined;
    this.#http = undefined;
    if (server !== undefined) {
      for (const client of server.clients) client.terminate();
      server.close();
    }
    if (listener !== undefined) {
      listener.closeAllConnections();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    }
  }

  #accept(socket: WebSocket): void {
    socket.on('error', () => undefined);
    socket.on('message', (data, isBinary) => {
      if (!isBinary) socket.send(`echo:${data.toString()}`);
    });
    if (this.#options.pushEveryMs <= 0) return;
    const timer = setInterval(() => {
      if (socket.readyState === socket.OPEN) socket.send(`seq:${this.#pushed++}`);
    }, this.#options.pushEveryMs);
    this.#timers.add(timer);
    socket.on('close', () => {
      clearInterval(timer);
      this.#timers.delete(timer);
    });
  }
}
