import type { DialError } from '../errors.js';

/** Status events of a {@link Connection} and their arguments. */
export interface ConnectionEvents {
  /** The link dropped. `error` says why. */
  disconnect: [error: DialError];
  /**
   * A re-dial is scheduled: attempt number (from 1), the wait before it, and the error that made it
   * necessary (the drop, then each failed attempt; a program may `close()` on one it will not wait out).
   */
  reconnecting: [info: { attempt: number; delayMs: number; error: DialError | undefined }];
  /** The link is back after a drop. */
  reconnect: [info: { attempts: number; downtimeMs: number }];
  /** The link is gone for good (`retry` exhausted, or `reconnect` off). */
  giveup: [error: DialError];
  /** Messages were dropped because the receive queue was full; `total` counts all so far. */
  drop: [info: { total: number }];
  /** `close()` finished. */
  close: [];
}

/** Name of a {@link ConnectionEvents} event. */
export type ConnectionEventName = keyof ConnectionEvents;

/** Counters and state of a connection, from `conn.stats()`. */
export interface ConnectionStats {
  state: 'open' | 'reconnecting' | 'disconnected' | 'closed';
  /** Messages received from the peer (including those later dropped). */
  received: number;
  receivedBytes: number;
  /** Messages dropped because the queue was full (never one a broker waits to have acknowledged). */
  dropped: number;
  /** Messages skipped by `read(-2)`. */
  discarded: number;
  /** Messages waiting in the receive queue, and their bytes. */
  queued: number;
  queuedBytes: number;
  /** Intake is stopped (link paused) until the reader catches up: `overflow=block`, or unread acknowledged messages filled the queue. */
  paused: boolean;
  /** Successful `write()` calls and the bytes they accepted. */
  sent: number;
  sentBytes: number;
  /** Successful re-dials since the connection was made. */
  reconnects: number;
  /** The last reason the link dropped, if it ever did. */
  lastError: DialError | undefined;
}

/** The counters of {@link ConnectionStats} a connection keeps itself (the queue keeps the rest), all at zero. */
export function ownCounters(): Pick<
  ConnectionStats,
  'received' | 'receivedBytes' | 'sent' | 'sentBytes' | 'reconnects' | 'lastError'
> {
  return { received: 0, receivedBytes: 0, sent: 0, sentBytes: 0, reconnects: 0, lastError: undefined };
}
