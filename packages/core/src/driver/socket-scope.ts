import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';

interface Scope {
  readonly sockets: Set<Socket>;
  /** recording: the attempt runs; kept: it succeeded; destroyed: it failed and may not open more. */
  state: 'recording' | 'kept' | 'destroyed';
}

const scopes = new AsyncLocalStorage<Scope>();
let subscribed = false;

function record({ socket }: { socket: Socket }): void {
  const scope = scopes.getStore();
  if (scope?.state === 'recording') scope.sockets.add(socket);
  // A client retrying inside a failed attempt. The channel fires before the socket starts
  // connecting, so destroying it now would be undone by connect(): wait a turn.
  else if (scope?.state === 'destroyed') setImmediate(() => socket.destroy());
}

/** The client sockets a connect attempt opened, for releasing them when the attempt fails. */
export interface SocketScope<T> {
  /** What `open` resolved or rejected with. */
  readonly result: Promise<T>;
  /**
   * Destroys every socket the attempt opened, and any it opens later (a client's own retries).
   * For a failed or abandoned attempt.
   */
  destroyAll(): void;
  /** Stops recording and forgets the sockets (they belong to the live link now). For a successful attempt. */
  keep(): void;
}

/**
 * Runs `open` (a client library's connect) and records every client socket it creates, also
 * from the timers and callbacks it starts (`net.client.socket` diagnostics channel, attributed
 * through async context). Some clients leave a socket open when their connect times out
 * before the server spoke (nats.js never closes a transport that did not finish connecting);
 * `destroyAll()` releases those, so failed dials leave no file descriptors behind.
 */
export function socketScope<T>(open: () => Promise<T>): SocketScope<T> {
  if (!subscribed) {
    subscribe('net.client.socket', record as (message: unknown) => void);
    subscribed = true;
  }
  const scope: Scope = { sockets: new Set(), state: 'recording' };
  const result = scopes.run(scope, open);
  return {
    result,
    destroyAll() {
      scope.state = 'destroyed';
      for (const socket of scope.sockets) socket.destroy();
      scope.sockets.clear();
    },
    keep() {
      if (scope.state === 'recording') scope.state = 'kept';
      scope.sockets.clear();
    },
  };
}
