import type { Endpoint } from '../driver/types.js';
import type { ConnectionProbe } from '../diagnostics/probe.js';
import type { Connection } from './connection.js';

/** Per-call options of `read`, `write` and `exec`. */
export interface CallOptions {
  /** Milliseconds; see the read table (docs/design.md#receiving). For `write`, a send timeout. */
  timeout?: number;
  signal?: AbortSignal;
}

/** What the connection needs to know at construction. */
export interface ConnectionInit {
  endpoint: Endpoint;
  kind: 'stream' | 'message' | 'datagram' | 'sql';
  queueSize: number;
  queueBytes: number | undefined;
  /** `overflow=block`: stop intake instead of dropping when the queue is full. */
  block: boolean;
  binary: boolean;
  /** Dials the address again, for `fd()`'s handle (connections made by `dial(address)`); none: cannot be shared. */
  redial?: () => Promise<Connection>;
  /** Set for a view made by `dial(handle)`: its handle; closing the view releases it. */
  viewOf?: number;
  /** Publishes on the diagnostics channels (connections that own their link). */
  probe?: ConnectionProbe;
}
