import { createServer, type Server, type Socket } from 'node:net';
import { DialError } from '@omnidial/core';
import type { WebSocket, WebSocketServer } from 'ws';

/** One connected client of `omnidial listen`. */
export interface Peer {
  /** 1, 2, 3… in order of connection. */
  readonly id: number;
  /** `host:port` it connected from. */
  readonly remote: string;
  /** Sends one message (ws) or one line (tcp). */
  send(data: string | Buffer): void;
}

/** What the server reports. */
export interface ServerEvents {
  join(peer: Peer): void;
  /** One ws message, or one line (without its `\n`) from a tcp client. */
  message(peer: Peer, data: string | Buffer): void;
  leave(peer: Peer): void;
}

/** A running server. */
export interface ListenServer {
  /** The address it listens on, with the real port (`ws://127.0.0.1:41234`). */
  readonly address: string;
  readonly peers: ReadonlyMap<number, Peer>;
  close(): Promise<void>;
}

/** Where to listen, from `ws://HOST:PORT[/path]` or `tcp://HOST:PORT`. */
export interface ListenTarget {
  readonly scheme: 'ws' | 'tcp';
  readonly host: string;
  readonly port: number;
}

/** Starts a WebSocket or line-based TCP server. Rejects with a DialError when it cannot listen. */
export async function startServer(target: ListenTarget, events: ServerEvents): Promise<ListenServer> {
  const peers = new Map<number, Peer>();
  let next = 0;
  const add = (remote: string, send: Peer['send']): Peer => {
    const peer: Peer = { id: ++next, remote, send };
    peers.set(peer.id, peer);
    events.join(peer);
    return peer;
  };
  const remove = (peer: Peer): void => {
    if (peers.delete(peer.id)) events.leave(peer);
  };
  return target.scheme === 'ws'
    ? startWs(target, peers, add, remove, events)
    : startTcp(target, peers, add, remove, events);
}

async function startWs(
  target: ListenTarget,
  peers: Map<number, Peer>,
  add: (remote: string, send: Peer['send']) => Peer,
  remove: (peer: Peer) => void,
  events: ServerEvents,
): Promise<ListenServer> {
  const { WebSocketServer: Wss } = await import('ws');
  const server: WebSocketServer = new Wss({ host: target.host, port: target.port });
  server.on('connection', (socket: WebSocket, request) => {
    const peer = add(`${request.socket.remoteAddress}:${request.socket.remotePort}`, (data) => {
      if (socket.readyState === socket.OPEN) socket.send(data);
    });
    socket.on('message', (data, isBinary) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      events.message(peer, isBinary ? bytes : bytes.toString('utf8'));
    });
    socket.on('close', () => remove(peer));
    socket.on('error', () => remove(peer));
  });
  const port = await listening(server, target);
  return {
    address: `ws://${hostText(target.host)}:${port}`,
    peers,
    close: () =>
      new Promise((resolve) => {
        for (const client of server.clients) client.close(1001, 'server shutting down');
        server.close(() => resolve());
        setTimeout(() => {
          for (const client of server.clients) client.terminate();
        }, 500).unref();
      }),
  };
}

async function startTcp(
  target: ListenTarget,
  peers: Map<number, Peer>,
  add: (remote: string, send: Peer['send']) => Peer,
  remove: (peer: Peer) => void,
  events: ServerEvents,
): Promise<ListenServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const peer = add(`${socket.remoteAddress}:${socket.remotePort}`, (data) => {
      if (!socket.destroyed)
        socket.write(typeof data === 'string' ? `${data}\n` : Buffer.concat([data, Buffer.from('\n')]));
    });
    let pending = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop()!;
      for (const line of lines) events.message(peer, line.endsWith('\r') ? line.slice(0, -1) : line);
    });
    socket.on('end', () => {
      if (pending !== '') events.message(peer, pending);
      pending = '';
      socket.end();
    });
    socket.on('close', () => {
      sockets.delete(socket);
      remove(peer);
    });
    socket.on('error', () => undefined);
  });
  const port = await listening(server, target, () => server.listen(target.port, target.host));
  return {
    address: `tcp://${hostText(target.host)}:${port}`,
    peers,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.end();
        server.close(() => resolve());
        setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, 500).unref();
      }),
  };
}

/** Resolves with the bound port, or rejects with a DialError naming the address and the reason. */
function listening(server: Server | WebSocketServer, target: ListenTarget, start?: () => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => reject(listenError(error, target));
    server.once('error', onError);
    const bound = (): void => {
      server.off('error', onError);
      server.on('error', () => undefined);
      resolve((server.address() as { port: number }).port);
    };
    server.once('listening', bound);
    start?.();
  });
}

function listenError(error: NodeJS.ErrnoException, target: ListenTarget): DialError {
  const where = `${target.scheme}://${hostText(target.host)}:${target.port}`;
  const reasons: Record<string, [DialError['code'], string]> = {
    EADDRINUSE: [
      'Unavailable',
      `port ${target.port} is already in use on ${target.host} (another program listens there; pick another port, or :0 for a free one)`,
    ],
    EACCES: ['PermissionDenied', `not allowed to listen on port ${target.port} (ports below 1024 need privileges)`],
    EADDRNOTAVAIL: ['Unavailable', `${target.host} is not an address of this machine`],
    ENOTFOUND: ['Unavailable', `host "${target.host}" not found`],
  };
  const [code, text] = reasons[error.code ?? ''] ?? ['Unavailable', error.message];
  return new DialError({
    code,
    op: 'dial',
    scheme: target.scheme,
    address: where,
    message: `cannot listen on ${where}: ${text}`,
    cause: error,
  });
}

function hostText(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
