import { WebSocketServer, type ServerOptions, type WebSocket } from 'ws';
import { Registry } from '@omnidial/core';
import { wsDriver } from '../src/driver.js';

/** A fresh registry with only the ws driver (tests never use the global one). */
export function wsRegistry(): Registry {
  return new Registry().register(wsDriver);
}

/** A WebSocket server for tests that can be stopped and restarted on the same port. */
export interface TestServer {
  readonly port: number;
  readonly url: string;
  readonly clients: () => WebSocket[];
  /** Every message received, as text (binary frames as base64 prefixed with `b64:`). */
  readonly received: string[];
  /** Handshake requests seen. */
  readonly handshakes: Array<{ headers: Record<string, string | string[] | undefined>; url: string }>;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** What a test server does with each client. */
export type OnClient = (socket: WebSocket, server: TestServer) => void;

/** An echo behaviour: sends every message back as it came (text or binary). */
export const echo: OnClient = (socket) => {
  socket.on('message', (data, isBinary) => socket.send(data as Buffer, { binary: isBinary }));
};

/** Starts a test server on 127.0.0.1 (any free port). */
export async function testServer(
  onClient: OnClient = echo,
  options: Omit<ServerOptions, 'port' | 'host'> = {},
): Promise<TestServer> {
  let wss: WebSocketServer | undefined;
  let port = 0;
  const received: string[] = [];
  const handshakes: TestServer['handshakes'] = [];
  const server: TestServer = {
    get port() {
      return port;
    },
    get url() {
      return `ws://127.0.0.1:${port}/`;
    },
    clients: () => [...(wss?.clients ?? [])],
    received,
    handshakes,
    async start() {
      const next = new WebSocketServer({ ...options, host: '127.0.0.1', port });
      next.on('connection', (socket, request) => {
        handshakes.push({ headers: request.headers, url: request.url ?? '' });
        socket.on('message', (data, isBinary) =>
          received.push(isBinary ? `b64:${(data as Buffer).toString('base64')}` : (data as Buffer).toString()),
        );
        onClient(socket, server);
      });
      await new Promise<void>((resolve, reject) => {
        next.once('listening', resolve);
        next.once('error', reject);
      });
      wss = next;
      port = (next.address() as { port: number }).port;
    },
    async stop() {
      const current = wss;
      wss = undefined;
      if (current === undefined) return;
      for (const client of current.clients) client.terminate();
      await new Promise<void>((resolve) => current.close(() => resolve()));
    },
  };
  await server.start();
  return server;
}

/** Waits until `check()` is true, polling every 10 ms; throws after `ms`. */
export async function waitFor(check: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
