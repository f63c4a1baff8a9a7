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
  /** A waiting reader was handed `message` (a {@link ReceivedMessage} when `full`). */
  handed(inbox: Inbox, message: Message | ReceivedMessage, max: number): T;
  /** Waiters want the metadata. */
  readonly full: boolean;
  /** A waiter handed a message collects the rest of that I/O phase's arrivals (when `max` > 1). */
  readonly collects: boolean;
  /** What the call gives while disconnected (`""` in the read table). */
  readonly disconnected: D;
}

/** `read()`: the message itself. */
export const DATA: ReadShape<Message, ''> = {
  oldest: (inbox) => inbox.takeOldest(),
  newest: (inbox) => inbox.takeNewest(),
  handed: (_inbox, message) => message as Message,
  full: false,
  collects: false,
  disconnected: '',
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
};

/** `readMany()`: up to `max` messages; `[]` while disconnected. */
export const MANY: ReadShape<Message[], Message[]> = {
  oldest: (inbox, max) => (inbox.queue.length === 0 ? undefined : inbox.takeMany(max, [])),
  newest: (inbox, max) => (inbox.queue.length === 0 ? undefined : inbox.takeNewestMany(max)),
  // What else arrived in the I/O phase that woke the waiter goes along, up to `max`.
  handed: (inbox, message, max) => inbox.takeMany(max - 1, [message as Message]),
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

/** A read call: its arguments checked, then served by a pull-style link (`pull`) or the read table. */
export async function readCall<T, D>(
  port: ReceivePort,
  shape: ReadShape<T, D>,
  timeout: number | CallOptions | undefined,
  max: number,
  pull: PullRead<T, D>,
): Promise<T | D | null> {
  const { errors } = port;
  const args = callArgs(timeout, (message) => errors.invalid('read', message));
  if (args instanceof DialError) throw args;
  const { ms, signal } = args;
  if (signal?.aborted) throw errors.canceled('read', signal);
  const link = port.link();
  if (link?.read !== undefined) {
    const pulled = pull(link, ms, signal);
    if (pulled === undefined) throw errors.unimplemented('read', 'this link cannot serve that read');
    return pulled.catch((error: unknown) => {
      throw errors.link(error, 'read');
    });
  }
  return receive(port, shape, ms, signal, max);
}

/**
 * The read table (DESIGN §5) for every shape: the oldest at once when queued; `-2` the newest;
 * `""` (or `[]`) while disconnected once the queue is empty; `-1`/`0` `null` at once; `n > 0`
 * waits up to n ms then `null`; no timeout waits.
 */
export async function receive<T, D>(
  port: ReceivePort,
  shape: ReadShape<T, D>,
  ms: number | undefined,
  signal: AbortSignal | undefined,
  max: number,
): Promise<T | D | null> {
  const { inbox } = port;
  if (ms === -2) return shape.newest(inbox, max) ?? nothing(port.open() ? null : shape.disconnected);
  const queued = shape.oldest(inbox, max);
  if (queued !== undefined) return queued;
  if (!port.open()) return nothing(shape.disconnected);
  if (ms === -1 || ms === 0) return nothing(null);
  if (ms !== undefined && !(ms > 0))
    throw port.errors.invalid('read', `timeout must be -2, -1, 0 or a positive number of ms, got ${ms}`);
  const outcome = await inbox.readers.wait(ms, signal, false, shape.full, shape.collects && max > 1);
  if (signal?.aborted && outcome === null) throw port.errors.canceled('read', signal);
  if (outcome === null) return null;
  if (outcome === END || outcome === DOWN) return shape.disconnected;
  return shape.handed(inbox, outcome, max);
}

/**
 * An immediate "nothing" (`null` or `""`) waits for the next event-loop turn, so a loop that
 * polls without sleeping cannot starve the timers and sockets it is waiting for.
 */
function nothing<T>(value: T): Promise<T> {
  return new Promise((resolve) => setImmediate(resolve, value));
}

/**
 * What `read()` without a timeout or signal gives for its waiter's outcome: the message, or `""`
 * when the link dropped or the connection ended (the read table's "disconnected").
 */
export function plainRead(outcome: ReadOutcome): Message | null {
  return outcome === END || outcome === DOWN ? '' : (outcome as Message | null);
}
