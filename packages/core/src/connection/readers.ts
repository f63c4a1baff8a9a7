import type { Message } from '../driver/types.js';
import { receivedMessage, type MetadataSource, type ReceivedMessage } from '../driver/metadata.js';
import { timerDelay } from './delay.js';
import { receiveTime } from './receive-clock.js';

/**
 * What a waiting reader is eventually given: a message (with its metadata for a `readMessage()`
 * waiter), several (a batch reader handed a driver's batch), `""` (disconnected), `null` (timed
 * out), or the end.
 */
export type ReadOutcome = Message | ReceivedMessage | Message[] | null | typeof END | typeof DOWN;

/** Marks the end of the stream for async iteration. */
export const END: unique symbol = Symbol('omnidial.end');

/** The link dropped while a plain reader waited (`""` in the read table; not an empty message). */
export const DOWN: unique symbol = Symbol('omnidial.down');

/**
 * A batch reader handed a message of this many bytes or more returns at once instead of collecting
 * the rest of the I/O phase: collecting pays off over many small messages, while a stream's
 * 16–64 KB chunks would pile up (libuv reads up to 32 per socket and poll) and be kept alive
 * into the next scavenge for no saving.
 */
const COLLECT_BELOW = 4096;

/** The list of every {@link WaitingReaders} nobody waited on yet (never written: a wait replaces it). */
const NO_WAITERS = Object.freeze([]) as unknown as Waiter[];

/**
 * One waiting reader. A class (not a set of closures) because one is made per waiting `read()`:
 * it is its own abort listener (`handleEvent`).
 */
class Waiter {
  readonly #readers: WaitingReaders;
  readonly #resolve: (outcome: ReadOutcome) => void;
  readonly #signal: AbortSignal | undefined;
  /** Iterators wait across reconnects and only end when the connection is finished. */
  readonly untilEnd: boolean;
  /** Wants the message with its metadata (`readMessage()`). */
  readonly full: boolean;
  /** A batch read: a message handed to it is returned with what else arrives (see {@link Waiter.hand}). */
  readonly collects: boolean;
  /** When it times out (`performance.now()` ms); Infinity without a timeout. */
  readonly deadline: number;
  /** Most messages a batch reader takes. */
  readonly max: number;
  /** A plain `read()`: settles with `""` for {@link END} and {@link DOWN}, so no `.then` has to map them. */
  readonly #plain: boolean;

  constructor(
    readers: WaitingReaders,
    resolve: (outcome: ReadOutcome) => void,
    untilEnd: boolean,
    signal: AbortSignal | undefined,
    full: boolean,
    collects: boolean,
    deadline: number,
    max: number,
    plain: boolean,
  ) {
    this.#readers = readers;
    this.#resolve = resolve;
    this.untilEnd = untilEnd;
    this.#signal = signal;
    this.full = full;
    this.collects = collects;
    this.deadline = deadline;
    this.max = max;
    this.#plain = plain;
  }

  /** Leaves the list and settles; does nothing when already settled. */
  resolve(outcome: ReadOutcome): void {
    if (!this.#readers.leave(this)) return;
    this.#signal?.removeEventListener('abort', this);
    this.#resolve(this.#plain && (outcome === END || outcome === DOWN) ? '' : outcome);
  }

  /**
   * Is handed a message. A batch reader leaves the list at once (so the next message is queued,
   * not handed to it) and returns once the code that delivered it has returned (a microtask) if
   * more messages were queued meanwhile: a client that parses a socket read into many messages
   * delivers them all in that one callback, and holding them until the end of the I/O phase
   * (libuv may read the socket many times in it) would keep thousands alive into the next
   * scavenge. If none was queued, it returns after the other callbacks of this I/O phase
   * (`setImmediate`): each datagram is its own callback, so returning at once would hand over one
   * message per call; the reader then takes what was queued meanwhile.
   */
  hand(outcome: ReadOutcome, bytes: number): void {
    if (!this.collects || bytes >= COLLECT_BELOW) return this.resolve(outcome);
    if (!this.#readers.leave(this)) return;
    this.#signal?.removeEventListener('abort', this);
    const settle = this.#resolve;
    const readers = this.#readers;
    queueMicrotask(() => {
      if (readers.queued() > 0) settle(outcome);
      else setImmediate(settle, outcome);
    });
  }

  /** The signal aborted: settles with `null` (the caller then throws Canceled). */
  handleEvent(): void {
    this.resolve(null);
  }
}

/**
 * FIFO of readers waiting for a message. A message is handed to exactly one waiter,
 * synchronously, so a reader that times out or is aborted can never take a message with it.
 * The waiters' timeouts share one timer (arming and clearing a timer per read was ~12 % of the
 * busy time of a udp flood): it stays armed when a reader is served before its deadline, is
 * unref'd while no reader has a deadline, and on firing expires the due readers and re-arms.
 */
export class WaitingReaders {
  /**
   * The settle function of a plain `read()` that began waiting while nobody else waited, kept
   * without a {@link Waiter} or a list entry (a flood read one message at a time waits like this
   * every time). It is always the oldest reader: served and ended before the list.
   */
  #lone: ((outcome: ReadOutcome) => void) | undefined;
  /** The one empty list until a reader waits (an idle connection allocates none). */
  #waiters: Waiter[] = NO_WAITERS;
  /** Waiters in the list that have a deadline. */
  #timed = 0;
  #timer: NodeJS.Timeout | undefined;
  /** When {@link #timer} fires (`performance.now()` ms). */
  #fireAt = Number.POSITIVE_INFINITY;
  readonly #queued: () => number;

  /** `queued`: how many messages wait in the queue these readers are served from. */
  constructor(queued: () => number = () => 0) {
    this.#queued = queued;
  }

  /** Messages waiting in the queue (a batch reader handed one message returns sooner when there are some). */
  queued(): number {
    return this.#queued();
  }

  get size(): number {
    return this.#waiters.length + (this.#lone === undefined ? 0 : 1);
  }

  /**
   * Waits for the next message. Settles with `null` after `timeoutMs` (when given), and with
   * `null` when `signal` aborts (the caller then throws Canceled). With `full`, a message comes
   * as a {@link ReceivedMessage}; with `collects` (a batch read), with what else arrives meanwhile.
   */
  wait(
    timeoutMs: number | undefined,
    signal: AbortSignal | undefined,
    untilEnd: boolean,
    full = false,
    collects = false,
    max = 1,
  ): Promise<ReadOutcome> {
    return new Promise<ReadOutcome>((resolve) => {
      const delay = timerDelay(timeoutMs);
      const now = delay === undefined ? 0 : performance.now();
      const deadline = delay === undefined ? Number.POSITIVE_INFINITY : now + delay;
      const waiter = new Waiter(this, resolve, untilEnd, signal, full, collects, deadline, max, false);
      this.#join(waiter);
      if (delay !== undefined) this.#timeIn(deadline, now);
      signal?.addEventListener('abort', waiter, { once: true });
    });
  }

  /**
   * The commonest wait, a `read()` without a timeout or signal: settles with the next message, or
   * with `""` once the link drops or the connection ends. One promise per read, where `wait()`
   * and a `.then` mapping its outcome made two and a microtask more (bench/NOTES.md §20).
   */
  waitPlain(): Promise<Message> {
    return new Promise<Message>((resolve) => {
      const settle = resolve as (outcome: ReadOutcome) => void;
      if (this.#lone === undefined && this.#waiters.length === 0) this.#lone = settle;
      else this.#join(new Waiter(this, settle, false, undefined, false, false, Number.POSITIVE_INFINITY, 1, true));
    });
  }

  /** Adds `waiter` at the end of the list. */
  #join(waiter: Waiter): void {
    if (this.#waiters === NO_WAITERS) this.#waiters = [];
    this.#waiters.push(waiter);
  }

  /** Settles the lone plain reader with `outcome` (`""` for END and DOWN); false when there is none. */
  #settleLone(outcome: ReadOutcome): boolean {
    const lone = this.#lone;
    if (lone === undefined) return false;
    this.#lone = undefined;
    lone(outcome === END || outcome === DOWN ? '' : outcome);
    return true;
  }

  /**
   * Gives `message` to the oldest waiter; false when nobody waits. Only a `readMessage()` waiter
   * reads the receive time, with the message's metadata.
   */
  offer(message: Message, bytes: number, meta: MetadataSource | undefined): boolean {
    if (this.#settleLone(message)) return true;
    const waiter = this.#waiters[0];
    if (waiter === undefined) return false;
    waiter.hand(waiter.full ? receivedMessage(message, meta, receiveTime()) : message, bytes);
    return true;
  }

  /**
   * Hands the oldest waiter what it takes of `messages`, from index `from`: a batch reader as many
   * as its `max` allows, as one array and at once (a driver's batch is a whole synchronous run, so
   * there is nothing left to collect), any other reader one message as {@link offer} does. Returns
   * how many were handed; 0 when nobody waits. `messages` itself is handed when taken whole.
   */
  offerMany(
    messages: readonly Message[],
    from: number,
    sizes: readonly number[],
    metas: readonly (MetadataSource | undefined)[] | undefined,
  ): number {
    if (this.#settleLone(messages[from]!)) return 1;
    const waiter = this.#waiters[0];
    if (waiter === undefined) return 0;
    if (!waiter.collects) return this.offer(messages[from]!, sizes[from]!, metas?.[from]) ? 1 : 0;
    const count = Math.min(waiter.max, messages.length - from);
    waiter.resolve(count === messages.length ? (messages as Message[]) : messages.slice(from, from + count));
    return count;
  }

  /** The link dropped: plain readers get {@link DOWN}; iterators keep waiting unless `final`. */
  disconnected(final: boolean): void {
    this.#settleLone(DOWN);
    for (const waiter of [...this.#waiters]) {
      if (final) waiter.resolve(waiter.untilEnd ? END : DOWN);
      else if (!waiter.untilEnd) waiter.resolve(DOWN);
    }
    if (final) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#fireAt = Number.POSITIVE_INFINITY;
    }
  }

  /** Takes `waiter` out of the list (for {@link Waiter}); false when it already left. */
  leave(waiter: Waiter): boolean {
    // The oldest waiter is served nearly always: shift() allocates nothing, splice() a result array.
    if (this.#waiters[0] === waiter) this.#waiters.shift();
    else {
      const index = this.#waiters.indexOf(waiter);
      if (index === -1) return false;
      this.#waiters.splice(index, 1);
    }
    if (waiter.deadline !== Number.POSITIVE_INFINITY && --this.#timed === 0) this.#timer?.unref();
    return true;
  }

  /** A waiter with `deadline` joined: the shared timer must fire by then, and keep the process up. */
  #timeIn(deadline: number, now: number): void {
    this.#timed += 1;
    if (this.#timer !== undefined && this.#fireAt <= deadline) {
      if (this.#timed === 1) this.#timer.ref();
      return;
    }
    this.#arm(deadline, now);
  }

  #arm(at: number, now: number): void {
    clearTimeout(this.#timer);
    this.#fireAt = at;
    this.#timer = setTimeout(expire, Math.max(1, Math.ceil(at - now)), this);
  }

  /** The shared timer fired: expires the due readers and re-arms for the next deadline. */
  expire(): void {
    this.#timer = undefined;
    this.#fireAt = Number.POSITIVE_INFINITY;
    const now = performance.now();
    let next = Number.POSITIVE_INFINITY;
    for (const waiter of [...this.#waiters]) {
      if (waiter.deadline <= now) waiter.resolve(null);
      else if (waiter.deadline < next) next = waiter.deadline;
    }
    if (next !== Number.POSITIVE_INFINITY) this.#arm(next, now);
  }
}

/** The shared timer's callback (one function for every connection, not a closure each). */
function expire(readers: WaitingReaders): void {
  readers.expire();
}
