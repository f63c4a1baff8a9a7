import type { Connection } from '@omnidial/core';

/** What one connection went through between a kill and the end of its recovery window. */
export interface LinkTrace {
  /** Links dropped (`disconnect` events). */
  readonly drops: number;
  /** Re-dial attempts scheduled (`reconnecting` events). */
  readonly redials: number;
  /** Re-dials that succeeded (`reconnect` events). */
  readonly reconnects: number;
  /** The connection's state when the window ended. */
  readonly state: string;
  /** The last error the link reported in the window (message only; the addresses carry no secret). */
  readonly lastError?: string;
}

/** How the writer's writes settled between a kill and the end of its recovery window. */
export interface WriteTally {
  /** Resolved with more than 0 bytes (acknowledged). */
  acknowledged: number;
  /** Resolved 0 (no link at the time). */
  zero: number;
  /** Rejected, by DialError code (`Timeout`, `Unavailable`, ...). */
  rejected: Record<string, number>;
  /** Writes still unsettled when the window ended. */
  inFlightAtEnd?: number;
}

/** A fresh {@link WriteTally}. */
export function emptyTally(): WriteTally {
  return { acknowledged: 0, zero: 0, rejected: {} };
}

/** One SIGKILL of a failover run, as the JSON record and the docs show it. */
export interface KillRecord {
  readonly cycle: number;
  /** Index (0-based) of the node killed. */
  readonly victim: number;
  /** ms from the SIGKILL until a write was acknowledged; null if none was within the limit. */
  readonly writerResumedMs: number | null;
  /** ms from the SIGKILL until a message written after it was read; null if none was within the limit. */
  readonly readerResumedMs: number | null;
  /** Which side had not resumed when the limit passed (`none` for a recovered kill). */
  readonly stalled: 'none' | 'reader' | 'writer' | 'both';
  /** ms the killed node took to start again and rejoin (the wait before the next kill). */
  readonly restartMs: number;
  readonly reader: LinkTrace;
  readonly writer: LinkTrace;
  /** The writer's writes settled in the window (to tell a silent channel from failing writes). */
  readonly writes?: WriteTally;
}

/** Counts one connection's status events from now until {@link LinkWatch.trace}. */
export class LinkWatch {
  #drops = 0;
  #redials = 0;
  #reconnects = 0;
  #lastError: string | undefined;
  readonly #conn: Connection;
  readonly #off: () => void;

  constructor(conn: Connection) {
    this.#conn = conn;
    const onDisconnect = (error: Error): void => {
      this.#drops += 1;
      this.#lastError = error.message;
    };
    const onReconnecting = (info: { error: Error | undefined }): void => {
      this.#redials += 1;
      if (info.error) this.#lastError = info.error.message;
    };
    const onReconnect = (): void => void (this.#reconnects += 1);
    conn.on('disconnect', onDisconnect);
    conn.on('reconnecting', onReconnecting);
    conn.on('reconnect', onReconnect);
    this.#off = () => {
      conn.off('disconnect', onDisconnect);
      conn.off('reconnecting', onReconnecting);
      conn.off('reconnect', onReconnect);
    };
  }

  /** Stops counting and returns what was seen. */
  trace(): LinkTrace {
    this.#off();
    const trace = {
      drops: this.#drops,
      redials: this.#redials,
      reconnects: this.#reconnects,
      state: this.#conn.stats().state,
    };
    return this.#lastError === undefined ? trace : { ...trace, lastError: this.#lastError };
  }
}

/** Which side of a kill had not resumed. */
export function stalledSide(writerResumedMs: number | null, readerResumedMs: number | null): KillRecord['stalled'] {
  if (writerResumedMs === null) return readerResumedMs === null ? 'both' : 'writer';
  return readerResumedMs === null ? 'reader' : 'none';
}

/** One line per kill for the test log, e.g. `kill 3: node 1, writer 0.4 s, reader STALLED (...)`. */
export function describeKill(record: KillRecord): string {
  const side = (ms: number | null, trace: LinkTrace): string =>
    ms === null
      ? `STALLED (state ${trace.state}, ${trace.drops} drops, ${trace.redials} re-dials, ${trace.reconnects} reconnects${trace.lastError ? `, last error: ${trace.lastError}` : ''})`
      : `${(ms / 1000).toFixed(1)} s`;
  const writes =
    record.stalled === 'none' || record.writes === undefined
      ? ''
      : `, writes in the window ${JSON.stringify(record.writes)}`;
  return `kill ${record.cycle + 1}: node ${record.victim + 1}, writer ${side(record.writerResumedMs, record.writer)}, reader ${side(record.readerResumedMs, record.reader)}, restart ${(record.restartMs / 1000).toFixed(1)} s${writes}`;
}
