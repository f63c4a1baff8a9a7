import type { Connection } from '@omnidial/core';
import { turn } from './alternate.js';
import { batching } from './batch.js';
import { batchOf, repeatCall } from './payload.js';

/** What one run of a broker bench measured. */
export interface MessagingResult {
  /** Messages per second. */
  rate: number;
  /** Messages published but not received. */
  lost: number;
}

/** How {@link omnidialFlood} publishes and consumes. */
export interface FloodPlan {
  /** Messages to publish. */
  count: number;
  /** `write()` calls kept in flight at once (or items per `writeMany`). */
  window: number;
  payload: string;
  /** Timeout of each read; the consumer stops at the first one that times out. */
  readTimeoutMs: number;
  /** Yield to I/O (`setImmediate`) after each window, for writes that resolve without I/O. */
  yieldEachWindow?: boolean;
  /** Use readMany/writeMany (the connection must have them). */
  batch?: boolean;
}

/** Messages received and seconds taken by {@link omnidialFlood}. */
export interface Flood {
  received: number;
  seconds: number;
}

async function consume(reader: Connection, plan: FloodPlan, seen: (n: number) => void): Promise<void> {
  const many = plan.batch === true ? batching(reader) : undefined;
  for (let received = 0; received < plan.count;) {
    if (many !== undefined) {
      const batch = await many.readMany(plan.count - received, plan.readTimeoutMs);
      if (batch === null || batch.length === 0) return;
      received += batch.length;
    } else {
      const m = await reader.read(plan.readTimeoutMs);
      if (m === null || m === '') return;
      received += 1;
    }
    seen(received);
  }
}

/**
 * Publishes `plan.count` payloads through `writer`, `plan.window` in flight at a time, while
 * `reader` consumes them; the clock stops when the consumer has all of them or a read timed
 * out. `reader` and `writer` may be the same connection.
 */
export async function omnidialFlood(reader: Connection, writer: Connection, plan: FloodPlan): Promise<Flood> {
  const { count, window, payload } = plan;
  let received = 0;
  const consumed = consume(reader, plan, (n) => {
    received = n;
  });
  const many = plan.batch === true ? batching(writer) : undefined;
  const start = performance.now();
  for (let i = 0; i < count; i += window) {
    const n = Math.min(window, count - i);
    if (many !== undefined) await many.writeMany(batchOf(n, payload));
    else await Promise.all(repeatCall(n, () => writer.write(payload)));
    if (plan.yieldEachWindow === true) await turn();
  }
  await consumed;
  return { received, seconds: (performance.now() - start) / 1000 };
}

/** Resolves once `count()` stopped growing for `quietMs` (messages the broker lost never come). */
export async function idle(count: () => number, quietMs = 3000): Promise<void> {
  for (let last = -1; count() !== last;) {
    last = count();
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
}

/** The result of a run that received `received` of `count` messages in `seconds`. */
export function summarize(count: number, received: number, seconds: number): MessagingResult {
  return { rate: received / seconds, lost: count - received };
}
