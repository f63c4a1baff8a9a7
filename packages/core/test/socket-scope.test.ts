import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LINGER_MS, socketScope, socketTracking } from '../src/driver/socket-scope.js';

let server: Server;
let port = 0;
beforeAll(async () => {
  server = createServer((socket) => socket.on('error', () => undefined));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const closed = (socket: Socket): Promise<void> =>
  new Promise((resolve) => {
    if (socket.destroyed) resolve();
    else socket.once('close', () => resolve());
  });

describe('socketScope', () => {
  // First: the other test leaves a failed scope lingering (real timers) for LINGER_MS.
  it('stops async-context tracking (a hook on every promise) once no attempt needs it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const kept = socketScope(async () => 'link');
      const failed = socketScope(() => Promise.reject(new Error('refused')));
      await failed.result.catch(() => undefined);
      expect(socketTracking()).toBe(true);
      kept.keep();
      expect(socketTracking(), 'a recording attempt still needs it').toBe(true);
      failed.destroyAll();
      expect(socketTracking(), "a failed attempt lingers for its client's late sockets").toBe(true);
      vi.advanceTimersByTime(LINGER_MS - 1);
      expect(socketTracking()).toBe(true);
      vi.advanceTimersByTime(1);
      expect(socketTracking()).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it("destroys a socket the failed attempt's client opens after the failure (its own retry)", async () => {
    let late: Socket | undefined;
    const opened = new Promise<void>((resolve) => {
      const scope = socketScope(
        () =>
          new Promise<never>((_, reject) => {
            setTimeout(() => {
              late = connect({ port, host: '127.0.0.1' });
              late.on('error', () => undefined);
              resolve();
            }, 50);
            reject(new Error('refused'));
          }),
      );
      void scope.result.catch(() => scope.destroyAll());
    });
    await opened;
    await closed(late!);
    expect(late!.destroyed).toBe(true);
  });
});
