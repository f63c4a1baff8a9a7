import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { DialError, type LinkContext, type MessageLink } from '@omnidial/core/driver';
import { streamLink } from '../../src/connect/stream-link.js';

/** A stream link over a real loopback socket, its client socket, and its peer's controls. */
export interface LoopbackLink {
  link: MessageLink;
  client: Socket;
  /** Lets the peer read (it starts paused); the bytes it has received so far. */
  resume: () => Promise<number>;
  /** Everything the peer has received so far. */
  received: () => Buffer;
  /** Closes both sockets and the server. */
  dispose: () => void;
}

const open: LoopbackLink[] = [];

/** Closes every link {@link loopbackLink} made (for `afterEach`). */
export function closeLoopbackLinks(): void {
  for (const loopback of open.splice(0)) loopback.dispose();
}

/**
 * A link over a real loopback socket whose peer reads only once `resume()` is called. `corked`:
 * the client socket is corked first, so what it holds is exactly what was written (nothing
 * reaches the kernel until the test uncorks it).
 */
export async function loopbackLink(corked: boolean): Promise<LoopbackLink> {
  let peerSocket!: Socket;
  const chunks: Buffer[] = [];
  const server: Server = createServer((socket) => {
    peerSocket = socket;
    socket.pause();
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const client = connect(port, '127.0.0.1');
  await once(client, 'connect');
  while (peerSocket === undefined) await new Promise((resolve) => setImmediate(resolve));
  const context = {
    options: {},
    signal: new AbortController().signal,
    timeoutMs: 5000,
    deliver: () => undefined,
    lost: () => undefined,
    error: (code: DialError['code'], message: string) => new DialError({ code, op: 'write', message }),
  } as unknown as LinkContext;
  if (corked) client.cork();
  const received = (): Buffer => Buffer.concat(chunks);
  const loopback: LoopbackLink = {
    link: streamLink(client, context, `127.0.0.1:${port}`),
    client,
    resume: async () => {
      peerSocket.resume();
      return received().length;
    },
    received,
    dispose: () => {
      client.destroy();
      peerSocket.destroy();
      server.close();
    },
  };
  open.push(loopback);
  return loopback;
}
