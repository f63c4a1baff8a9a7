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
/**
 * How long a failed attempt keeps catching the sockets its client opens late (its own retries).
 * Long enough for any client's connect retries; bounded so tracking can stop (see below).
 */
export const LINGER_MS = 30_000;
/** Scopes still recording, or failed and lingering. */
let live = 0;

/**
 * While an AsyncLocalStorage is enabled, node runs a promise hook for every promise in the
 * process (Node 20/22): 2–7× the cost of each `await`, on every transport, long after the
 * connect that needed it (measured in bench/NOTES.md). So tracking is switched off whenever no
 * scope needs it; the next `run()` switches it on again.
 */
function untrack(): void {
  live -= 1;
  if (live === 0) scopes.disable();
}

/** @internal True while socket tracking (and so the per-promise hook) is on. */
export function socketTracking(): boolean {
  return live > 0;
}

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
  let counted = true;
  let linger: NodeJS.Timeout | undefined;
  const uncount = (): void => {
    if (!counted) return;
    counted = false;
    untrack();
  };
  live += 1;
  const result = scopes.run(scope, open);
  return {
    result,
    destroyAll() {
      scope.state = 'destroyed';
      for (const socket of scope.sockets) socket.destroy();
      scope.sockets.clear();
      if (!counted) {
        counted = true;
        live += 1;
      }
      clearTimeout(linger);
      linger = setTimeout(uncount, LINGER_MS);
      linger.unref();
    },
    keep() {
      if (scope.state === 'recording') {
        scope.state = 'kept';
        uncount();
      }
      scope.sockets.clear();
    },
  };
}
