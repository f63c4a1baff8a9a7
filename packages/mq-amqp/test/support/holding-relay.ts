import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/** A TCP relay to a broker whose broker-to-client direction can be held (see {@link holdingRelay}). */
export interface HoldingRelay {
  /** `url` with its port replaced by the relay's. */
  readonly url: string;
  /**
   * From now on nothing the broker sends on the connections open now reaches the client (a
   * confirm never arrives); connections made later pass freely.
   */
  hold(): void;
  close(): void;
}

/** Starts a relay on 127.0.0.1 in front of the broker at `url` (host:port taken from it). */
export async function holdingRelay(url: string): Promise<HoldingRelay> {
  const target = new URL(url);
  const sockets = new Set<Socket>();
  const held = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => (client.destroy(), upstream.destroy()));
    }
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      if (!held.has(upstream)) client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: url.replace(`:${target.port}`, `:${port}`),
    hold: () => {
      for (const socket of sockets) held.add(socket);
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}
