import net from 'node:net';

/**
 * Opens a TCP connection to 127.0.0.1:`port`, lets `talk` run a protocol exchange, and always
 * closes the socket. Rejects after `timeoutMs`.
 */
export async function withSocket<T>(
  port: number,
  talk: (socket: net.Socket, read: (minBytes: number) => Promise<Buffer>) => Promise<T>,
  timeoutMs = 3000,
): Promise<T> {
  const socket = net.connect({ host: '127.0.0.1', port });
  let buffered = Buffer.alloc(0);
  let waiter: (() => void) | undefined;
  let failure: Error | undefined;
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    waiter?.();
  });
  const fail = (error: Error): void => {
    failure ??= error;
    waiter?.();
  };
  socket.on('error', fail);
  socket.on('close', () => fail(new Error('connection closed')));
  const read = async (minBytes: number): Promise<Buffer> => {
    while (buffered.length < minBytes) {
      if (failure) throw failure;
      await new Promise<void>((resolve) => (waiter = resolve));
      waiter = undefined;
    }
    const out = buffered;
    buffered = Buffer.alloc(0);
    return out;
  };
  const timer = setTimeout(() => fail(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return await talk(socket, read);
  } finally {
    clearTimeout(timer);
    socket.destroy();
  }
}
