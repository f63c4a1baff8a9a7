import type { Connection } from '@omnidial/core';
import type { RunResult } from './best.js';
import { percentile } from './format.js';

/** What one run of a broker bench measured: {@link RunResult} plus the messages that never came. */
export interface MessagingResult extends RunResult {
  /** Messages published but not received. */
  lost: number;
}

/** How {@link omnidialFlood} publishes and consumes. */
export interface FloodPlan {
  /** Messages to publish. */
  count: number;
  /** `write()` calls kept in flight at once. */
  window: number;
  payload: string;
  /** Timeout of each `read()`; the consumer stops at the first one that times out. */
  readTimeoutMs: number;
  /** Yield to I/O (`setImmediate`) after each window, for writes that resolve without I/O. */
  yieldEachWindow?: boolean;
}

/** Messages received and seconds taken by {@link omnidialFlood}. */
export interface Flood {
  received: number;
  seconds: number;
}

/**
 * Publishes `plan.count` payloads through `writer`, `plan.window` writes in flight at a time,
 * while `reader` consumes them with `read()`; the clock stops when the consumer has all of them
 * or its read timed out. `reader` and `writer` may be the same connection.
 */
export async function omnidialFlood(reader: Connection, writer: Connection, plan: FloodPlan): Promise<Flood> {
  const { count, window, payload, readTimeoutMs } = plan;
  let received = 0;
  const consumed = (async () => {
    while (received < count) {
      const m = await reader.read(readTimeoutMs);
      if (m === null || m === '') break;
      received += 1;
    }
  })();
  const start = performance.now();
  for (let i = 0; i < count; i += window) {
    await Promise.all(Array.from({ length: Math.min(window, count - i) }, () => writer.write(payload)));
    if (plan.yieldEachWindow === true) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await consumed;
  return { received, seconds: (performance.now() - start) / 1000 };
}

/**
 * Round-trip times in ms of `rounds` rounds of `write(payload)` then `read()` on `conn`, which
 * receives what it publishes.
 */
export async function omnidialRoundTrips(conn: Connection, payload: string, rounds: number): Promise<number[]> {
  const rtt: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const t0 = performance.now();
    await conn.write(payload);
    await conn.read();
    rtt.push(performance.now() - t0);
  }
  return rtt;
}

/** Resolves once `count()` stopped growing for 3 s (messages the broker or a slow consumer lost never come). */
export async function idle(count: () => number): Promise<void> {
  for (let last = -1; count() !== last;) {
    last = count();
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}

/**
 * The result of a run that received `received` of `count` messages in `seconds`, with round-trip
 * times `rtt` (sorted in place).
 */
export function summarize(count: number, received: number, seconds: number, rtt: number[]): MessagingResult {
  const sorted = rtt.sort((a, b) => a - b);
  return { rate: received / seconds, lost: count - received, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}
