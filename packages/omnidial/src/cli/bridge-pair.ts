import { setTimeout as sleep } from 'node:timers/promises';
import { isDialError, type Connection, type Message } from '@omnidial/core';
import type { TemplateInput } from './bridge-template.js';

/** One direction of a bridge: everything read from `from` is written (or exec'd) into `to`. */
export interface Direction {
  readonly from: Connection;
  readonly to: Connection;
  /** Turns a message into what is written; identity when there is no `--map`. */
  readonly map: ((input: TemplateInput) => string) | undefined;
  /** For a SQL target: the statement, and how many of (message, receive time) it binds. */
  readonly exec: { readonly sql: string; readonly params: number } | undefined;
  /** Stop after this many messages (A -> B only). */
  readonly count: number | undefined;
  /** True once the bridge must stop (Ctrl-C, the other direction ended). */
  readonly stopped: () => boolean;
  /** Called after each message was accepted by the target. */
  readonly onMessage?: () => void;
  /** Reports a retried failure (target down, write refused) once per outage. */
  readonly onRetry?: (reason: string) => void;
}

/** Why a direction ended. */
export type DirectionEnd = 'count' | 'stopped' | 'source-lost';

/** A statement the target rejected for good (SQL error, bad input): the bridge stops, exit 5. */
export class TargetRejected extends Error {
  override readonly name = 'TargetRejected';
}

const RETRY_MS = 200;

/**
 * Pumps one direction until `count`, `stopped()`, or the source is gone for good. Messages are
 * forwarded in order; a message the target does not accept (write() gives 0 while it
 * reconnects, or fails with a retryable error) is retried until it is, so a restart of the
 * target loses nothing. With `reconnect=true` on the source, reading resumes after its drops.
 */
export async function pumpDirection(d: Direction): Promise<DirectionEnd> {
  let forwarded = 0;
  while (d.count === undefined || forwarded < d.count) {
    if (d.stopped()) return 'stopped';
    const message = await d.from.read(1000);
    if (message === null) continue;
    if (message === '' && d.from.state !== 'open') {
      if (d.from.state !== 'reconnecting') return d.stopped() ? 'stopped' : 'source-lost';
      await sleep(50);
      continue;
    }
    const receivedAt = Date.now();
    const delivered = await deliver(d, message, receivedAt);
    if (!delivered) return 'stopped';
    forwarded += 1;
    d.onMessage?.();
  }
  return 'count';
}

/** Writes one message into the target, retrying until it is accepted; false when stopped first. */
async function deliver(d: Direction, message: Message, receivedAt: number): Promise<boolean> {
  const text = typeof message === 'string' ? message : message.toString('utf8');
  const payload = d.map === undefined ? message : d.map({ data: text, receivedAt, from: d.from.address });
  let reported = false;
  for (;;) {
    if (d.stopped()) return false;
    try {
      if (d.exec !== undefined) {
        const params = [typeof payload === 'string' ? payload : payload.toString('utf8'), receivedAt].slice(
          0,
          d.exec.params,
        );
        await d.to.exec(d.exec.sql, ...params);
        return true;
      }
      const bytes = await d.to.write(payload);
      if (bytes > 0 || payload.length === 0) return true;
      if (d.to.state === 'disconnected' || d.to.state === 'closed')
        throw new TargetRejected(`target ${d.to.address} is ${d.to.state}`);
    } catch (error) {
      if (error instanceof TargetRejected) throw error;
      if (!isDialError(error) || !error.retryable)
        throw new TargetRejected(
          isDialError(error)
            ? `${error.code}${error.serverCode === undefined ? '' : ` [${error.serverCode}]`}: ${error.message}`
            : String(error),
        );
      if (!reported) d.onRetry?.(`${error.code}: ${error.message}`);
      reported = true;
    }
    if (!reported) d.onRetry?.(`target ${d.to.address} is ${d.to.state}; holding the message`);
    reported = true;
    await sleep(RETRY_MS);
  }
}
