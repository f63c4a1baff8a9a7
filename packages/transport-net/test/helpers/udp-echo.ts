import { createSocket, type Socket } from 'node:dgram';

/** A UDP echo server on 127.0.0.1 that can be stopped and restarted on the same port. */
export class UdpEcho {
  #socket: Socket | undefined;
  #port = 0;
  /** Datagrams received since creation. */
  received = 0;

  /** Binds (port 0 = any free port) and resolves to the port. */
  async start(port = this.#port): Promise<number> {
    const socket = createSocket('udp4');
    socket.on('message', (data, from) => {
      this.received += 1;
      socket.send(data, from.port, from.address);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, '127.0.0.1', () => resolve());
    });
    this.#port = socket.address().port;
    this.#socket = socket;
    return this.#port;
  }

  get port(): number {
    return this.#port;
  }

  async stop(): Promise<void> {
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket !== undefined) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}
