import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LINGER_MS, socketScope, socketTracking } from '../src/driver/socket-scope.js';

let server: Server;
let port = 0;
beforeAll(async () => {
  server = createServer((socket) => socket.on('error', () => undefined).pipe(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function open(): Socket {
  return connect({ port, host: '127.0.0.1' }).on('error', () => undefined);
}

const closed = (socket: Socket): Promise<void> =>
  new Promise((resolve) => {
    if (socket.destroyed) resolve();
    else socket.once('close', () => resolve());
  });

/** Resolves once the echo server sent `text` back: the socket is connected and usable. */
function echoes(socket: Socket, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let got = '';
    socket.on('data', (chunk: Buffer) => {
      got += chunk.toString();
      if (got === text) resolve();
    });
    socket.once('close', () => reject(new Error(`socket closed before echoing ${text}`)));
    socket.write(text);
  });
}

function gate(): { promise: Promise<void>; open: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, open: () => release() };
}

describe('socketScope counts every attempt until it is done with', () => {
  // First in this file: later tests leave failed scopes lingering on real timers.
  it('an attempt kept and then abandoned keeps tracking on for its linger, and is counted once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const other = socketScope(() => new Promise<never>(() => undefined));
      const attempt = socketScope(async () => 'link');
      await attempt.result;
      attempt.keep();
      expect(socketTracking(), 'the other attempt still records').toBe(true);
      attempt.destroyAll();
      other.keep();
      expect(socketTracking(), 'the abandoned attempt lingers for its late sockets').toBe(true);
      vi.advanceTimersByTime(LINGER_MS);
      expect(socketTracking()).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('socketScope and real sockets', () => {
  it('destroys the sockets a failed attempt opened', async () => {
    let socket: Socket | undefined;
    const scope = socketScope(async () => {
      socket = open();
      await new Promise((resolve) => socket!.once('connect', resolve));
      throw new Error('handshake refused');
    });
    await scope.result.catch(() => undefined);
    scope.destroyAll();
    await closed(socket!);
    expect(socket!.destroyed).toBe(true);
  });

  it('leaves the sockets of a kept attempt open, also those its client opens later', async () => {
    const later = gate();
    const secondOpened = gate();
    let second: Socket | undefined;
    const scope = socketScope(async () => {
      // The client's own reconnect, started from within the attempt, runs after keep().
      void later.promise.then(() => {
        second = open();
        secondOpened.open();
      });
      return open();
    });
    const first = await scope.result;
    scope.keep();
    later.open();
    await secondOpened.promise;
    await echoes(first, 'one');
    await echoes(second!, 'two');
    expect([first.destroyed, second!.destroyed]).toEqual([false, false]);
    first.destroy();
    second!.destroy();
  });

  it('leaves alone a socket opened outside any attempt', async () => {
    const failed = socketScope(() => Promise.reject(new Error('refused')));
    await failed.result.catch(() => undefined);
    failed.destroyAll();
    const outside = open();
    await echoes(outside, 'free');
    expect(outside.destroyed).toBe(false);
    outside.destroy();
  });

  it('an attempt kept while another still runs does not stop the other from recording', async () => {
    const go = gate();
    let late: Socket | undefined;
    const running = socketScope(async () => {
      await go.promise;
      late = open();
      await new Promise((resolve) => late!.once('connect', resolve));
      throw new Error('refused');
    });
    const kept = socketScope(async () => 'link');
    await kept.result;
    kept.keep();
    go.open();
    await running.result.catch(() => undefined);
    running.destroyAll();
    await closed(late!);
    expect(late!.destroyed).toBe(true);
  });

  it('keep() after destroyAll() does not save the attempt: its late sockets are still destroyed', async () => {
    const later = gate();
    let late: Socket | undefined;
    const opened = new Promise<void>((resolve) => {
      const scope = socketScope(() => {
        void later.promise.then(() => {
          late = open();
          resolve();
        });
        return Promise.reject(new Error('refused'));
      });
      void scope.result.catch(() => {
        scope.destroyAll();
        scope.keep();
        later.open();
      });
    });
    await opened;
    await closed(late!);
    expect(late!.destroyed).toBe(true);
  });
});
