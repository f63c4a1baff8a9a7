import { DialError } from '@omnidial/core';

/** Slots of the control word array shared by a calling thread and its engine. */
export const SLOT = {
  /** Bumped (and notified) by the engine after every reply it posts. */
  replies: 0,
  /** Non-zero once someone asked the calling thread to stop (the signal number). */
  interrupt: 1,
  /** Set by the engine when it can no longer answer. */
  dead: 2,
  /** Only ever notified: `Sleep()` waits here so an interrupt cuts it short. */
  sleep: 3,
} as const;

/** Length of the control array, in Int32 slots. */
export const CONTROL_SLOTS = 4;

/** What a calling thread asks its engine to do. */
export type EngineOp = 'dial' | 'read' | 'write' | 'exec' | 'fd' | 'close' | 'stats' | 'release' | 'cancel';

/** One request on the channel. `conn` names a connection the engine dialed earlier. */
export interface EngineRequest {
  id: number;
  op: EngineOp;
  conn: number;
  args: unknown[];
}

/** The engine's answer to the request with the same `id`. */
export interface EngineReply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: WireError;
}

/** A DialError as plain data, for crossing threads (everything but `cause`). */
export type WireError = Omit<ConstructorParameters<typeof DialError>[0], 'cause'>;

/** Facts about a dialed connection that the calling thread keeps. */
export interface DialedInfo {
  conn: number;
  scheme: string;
  address: string;
  kind: 'stream' | 'message' | 'datagram' | 'sql';
}

/** Turns any thrown value into plain data; only DialErrors keep their code. */
export function toWire(error: unknown): WireError {
  if (error instanceof DialError) {
    return {
      code: error.code,
      message: error.message,
      op: error.op,
      scheme: error.scheme,
      address: error.address,
      retryable: error.retryable,
      serverCode: error.serverCode,
    };
  }
  return { code: 'Unknown', message: error instanceof Error ? error.message : String(error) };
}

/** Rebuilds the DialError the engine reported. */
export function fromWire(error: WireError): DialError {
  return new DialError(error);
}
