import { DialError } from '../errors.js';
import type { Message, MessageLink } from '../driver/types.js';
import { callArgs } from './args.js';
import type { Failures } from './failures.js';
import type { CallOptions } from './init.js';
import { receivedMessage, type ReceivedMessage } from '../driver/metadata.js';
import type { Inbox } from './inbox.js';
import { DOWN, END, type ReadOutcome } from './readers.js';

/**
 * What one kind of read (`read`, `readMessage`, `readMany`) takes from the inbox; the read
 * table itself (timeouts, -1/-2, `""` while disconnected) is {@link receive}, shared by all.
 * `max` is the `readMany` bound, ignored by the others.
 */
export interface ReadShape<T, D> {
  /** The oldest (or oldest `max`), at once; undefined when the queue is empty. */
  oldest(inbox: Inbox, max: number): T | undefined;
  /** `-2`: the newest (or newest `max`), the rest discarded; undefined when empty. */
  newest(inbox: Inbox, max: number): T | undefined;
  /** A waiting reader was handed `outcome`: a message (a {@link ReceivedMessage} when `full`), or several (batch readers). */
  handed(inbox: Inbox, outcome: Message | ReceivedMessage | Message[], max: number): T;
  /** Waiters want the metadata. */
  readonly full: boolean;
  /** A waiter handed a message collects what else arrives with it (when `max` > 1; readers.ts `Waiter.hand`). */
  readonly collects: boolean;
  /** What the call gives while disconnected (`""` in the read table). */
  readonly disconnected: D;
  /** The outcome of a wait without a signal as the call's result, where that needs nothing else (`read()`). */
  readonly plain?: (outcome: ReadOutcome) => T | D | null;
}

/** `read()`: the message itself. */
export const DATA: ReadShape<Message, ''> = {
  oldest: (inbox) => inbox.takeOldest(),
  newest: (inbox) => inbox.takeNewest(),
  handed: (_inbox, message) => message as Message,
  full: false,
  collects: false,
  disconnected: '',
  plain: plainRead,
};

/** `readMessage()`: the message with its metadata and receive time. */
export const WITH_METADATA: ReadShape<ReceivedMessage, ''> = {
  oldest: (inbox) => {
    const entry = inbox.takeOldestEntry();
    return entry && receivedMessage(entry.message, entry.meta, entry.time);
  },
  newest: (inbox) => {
    const entry = inbox.takeNewestEntry();
    return entry && receivedMessage(entry.message, entry.meta, entry.time);
  },
  handed: (_inbox, message) => message as ReceivedMessage,
  full: true,
  collects: false,
  disconnected: '',
  plain: (outcome) => (outcome === END || outcome === DOWN ? '' : (outcome as ReceivedMessage | null)),
};

/** `readMany()`: up to `max` messages; `[]` while disconnected. */
export const MANY: ReadShape<Message[], Message[]> = {
  oldest: (inbox, max) => (inbox.queue.length === 0 ? undefined : inbox.takeMany(max, [])),
  newest: (inbox, max) => (inbox.queue.length === 0 ? undefined : inbox.takeNewestMany(max)),
  // What else arrived in the I/O phase that woke the waiter goes along, up to `max`.
  handed: (inbox, outcome, max) =>
    Array.isArray(outcome)
      ? inbox.takeMany(max - outcome.length, outcome)
      : inbox.takeMany(max - 1, [outcome as Message]),
  full: false,
  collects: true,
  get disconnected(): Message[] {
    return [];
  },
};

/** What {@link receive} needs from the connection. */
export interface ReceivePort {
  readonly inbox: Inbox;
  readonly errors: Failures;
  /** The live link, if any. */
  link(): MessageLink | undefined;
  /** The link is up (else a read of an empty queue gives the shape's `disconnected`). */
  open(): boolean;
}

/** Serves a read from a pull-style link (a handle's view); undefined when the link cannot serve that read. */
export type PullRead<T, D> = (
  link: MessageLink,
  ms: number | undefined,
  signal: AbortSignal | undefined,
) => Promise<T | D | null> | undefined;

/** `read()` and `readMessage()` served by a pull-style link. */
export const PULL_READ: PullRead<Message, ''> = (link, ms, signal) => link.read?.(ms, signal);
export const PULL_READ_MESSAGE: PullRead<ReceivedMessage, ''> = (link, ms, signal) => link.readMessage?.(ms, signal);

/**
 * A read call: its arguments checked, then served by a pull-style link (`pull`) or the read table.
 * Not `async`: a read that the queue answers at once costs one settled promise.
 */
export function readCall<T, D>(
  port: ReceivePort,
  shape: ReadShape<T, D>,
  timeout: number | CallOptions | undefined,
  max: number,
  pull: PullRead<T, D>,
): Promise<T | D | null> {
  const { errors } = port;
  let ms: number | undefined;
  let signal: AbortSignal | undefined;
  if (timeout !== undefined) {
    const args = callArgs(timeout, (message) => errors.invalid('read', message));
    if (args instanceof DialError) return Promise.reject(args);
    ({ ms, signal } = args);
    if (signal?.aborted) return Promise.reject(errors.canceled('read', signal));
  }
  const link = port.link();
  if (link?.read !== undefined) {
    let pulled: Promise<T | D | null> | undefined;
    try {
      pulled = pull(link, ms, signal);
    } catch (error) {
      pulled = Promise.reject(error);
    }
    if (pulled === undefined) return Promise.reject(errors.unimplemented('read', 'this link cannot serve that read'));
    return pulled.catch((error: unknown) => {
      throw errors.link(error, 'read');
    });
  }
  return receive(port, shape, ms, signal, max);
}

/**
 * The read table (DESIGN §5) for every shape: the oldest at once when queued; `-2` the newest;
 * `""` (or `[]`) while disconnected once the queue is empty; `-1`/`0` `null` at once; `n > 0`
 * waits up to n ms then `null`; no timeout waits. Everything but the wait is decided in this turn.
 */
export function receive<T, D>(
  port: ReceivePort,
  shape: ReadShape<T, D>,
  ms: number | undefined,
  signal: AbortSignal | undefined,
  max: number,
): Promise<T | D | null> {
  const { inbox } = port;
  if (ms === -2) {
    const newest = shape.newest(inbox, max);
    return newest !== undefined ? Promise.resolve(newest) : nothing(port.open() ? null : shape.disconnected);
  }
  const queued = shape.oldest(inbox, max);
  if (queued !== undefined) return Promise.resolve(queued);
  if (!port.open()) return nothing(shape.disconnected);
  if (ms === -1 || ms === 0) return nothing(null);
  if (ms !== undefined && !(ms > 0))
    return Promise.reject(
      port.errors.invalid('read', `timeout must be -2, -1, 0 or a positive number of ms, got ${ms}`),
    );
  const waiting = inbox.readers.wait(ms, signal, false, shape.full, shape.collects && max > 1, max);
  // The commonest read (no timeout, no signal, one message) maps its outcome without a closure.
  if (shape.plain !== undefined && signal === undefined) return waiting.then(shape.plain);
  return waiting.then((outcome) => {
    if (signal?.aborted && outcome === null) throw port.errors.canceled('read', signal);
    if (outcome === null) return null;
    if (outcome === END || outcome === DOWN) return shape.disconnected;
    return shape.handed(inbox, outcome, max);
  });
}

/**
 * An immediate "nothing" (`null` or `""`) waits for the next event-loop turn, so a loop that
 * polls without sleeping cannot starve the timers and sockets it is waiting for.
 */
function nothing<T>(value: T): Promise<T> {
  return new Promise((resolve) => setImmediate(resolve, value));
}

/**
 * The two commonest `read()`s on a queue-served link, decided here without the table's generality
 * (the same rows of it, measured 35-40 ns cheaper per call): a queued message at once for any
 * timeout but `-2`, or, with nothing queued, the link up and no timeout, a wait for the next one.
 * Undefined otherwise: the table ({@link readCall}) decides.
 */
export function readNow(inbox: Inbox, open: boolean, timeout: unknown): Promise<Message | null> | undefined {
  if (inbox.queue.length > 0) {
    return timeout === undefined || (typeof timeout === 'number' && timeout === timeout && timeout !== -2)
      ? Promise.resolve(inbox.takeOldest()!)
      : undefined;
  }
  return open && timeout === undefined ? inbox.readers.waitPlain() : undefined;
}

/**
 * What `read()` without a timeout or signal gives for its waiter's outcome: the message, or `""`
 * when the link dropped or the connection ended (the read table's "disconnected").
 */
export function plainRead(outcome: ReadOutcome): Message | null {
  return outcome === END || outcome === DOWN ? '' : (outcome as Message | null);
}
