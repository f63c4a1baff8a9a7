import type { Endpoint, Message, QueryResult } from '../driver/types.js';
import type { ReceivedMessage } from '../driver/metadata.js';
import type { Connection } from './connection.js';
import type { CallOptions, ConnectionInit } from './init.js';
import type { LinkSupervisor, SupervisorSink } from './supervisor.js';

/**
 * What the core (dial, handles, the supervisor) uses of a {@link Connection}. Reached through
 * `connectionInternals()` (internals.ts) only, so none of it is on the public type.
 */
export interface ConnectionInternals extends SupervisorSink {
  attach(supervisor: LinkSupervisor<Endpoint>): void;
  /** `read()` for holders of this connection's handle, even after this holder closed. */
  serveRead(timeout?: number | CallOptions): Promise<Message | null>;
  /** `readMessage()` for holders of this connection's handle. */
  serveReadMessage(timeout?: number | CallOptions): Promise<ReceivedMessage | null | ''>;
  /** `readMany()` for holders of this connection's handle. */
  serveReadMany(max?: number, timeout?: number | CallOptions): Promise<Message[] | null>;
  /** `write()` for holders of this connection's handle, even after this holder closed. */
  serveWrite(data: string | Uint8Array, timeout?: number | CallOptions): Promise<number>;
  /** `writeMany()` for holders of this connection's handle. */
  serveWriteMany(items: readonly (string | Uint8Array)[], timeout?: number | CallOptions): Promise<number>;
  /** `exec()` for holders of this connection's handle, even after this holder closed. */
  serveExec(statement: unknown, params: readonly unknown[]): Promise<QueryResult>;
  /** Closes the link itself, whatever holders remain. */
  closeUnderlying(): Promise<void>;
}

/** Filled in by the `Connection` class itself (a static block), which alone can reach its private state. */
export const connectionHooks = {} as {
  internalsOf: (connection: Connection) => ConnectionInternals;
  construct: (init: ConnectionInit) => Connection;
};
