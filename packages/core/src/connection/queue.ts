import type { Message, Settle, SettleOutcome } from '../driver/types.js';
import type { MetadataSource } from '../driver/metadata.js';

/** One queued message with what `readMessage()` needs; `read()` only looks at `message`. */
export interface Entry {
  readonly message: Message;
  readonly bytes: number;
  readonly settle: Settle | undefined;
  /** Receive time for the read-latency diagnostic; 0 when not measured. */
  readonly at: number;
  readonly meta: MetadataSource | undefined;
  /** Receive time for `readMessage()`, ms since the epoch. */
  readonly time: number;
}

/** Every column of a ring that holds nothing yet (never written: a push allocates the column first). */
const EMPTY = Object.freeze([]) as unknown as never[];
/** Slots of a ring's first allocation. */
const FIRST_SLOTS = 16;

/** Counters the queue keeps for `stats()`. */
export interface QueueCounters {
  /** Messages dropped because the queue was full (length or byte cap). */
  dropped: number;
  /** Messages thrown away by `takeNewest()`. */
  discarded: number;
}

/**
 * Bounded FIFO of received messages: a ring buffer with a length cap and an optional byte cap.
 * When full, a push may drop the oldest message; a message with a settle callback is never
 * dropped (the caller stops intake instead, so the queue may run over its caps by what was
 * already on its way). All operations are O(1),
 * except `takeNewest()` and `clear()` on messages with settle callbacks (acknowledging
 * brokers), which are O(discarded) and so O(1) amortised per message; without callbacks the
 * discarded messages are let go at once by dropping the ring's message column.
 *
 * The ring is a set of columns (message, bytes, receive time; metadata, settle callback and
 * diagnostic time only once a message brought one), not an object per message: a burst of
 * messages allocates nothing per message, and an empty queue holds no ring at all.
 */
export class MessageQueue {
  readonly #capacity: number;
  readonly #byteCap: number;
  /** Slots of the ring: the length of every allocated column. */
  #size = 0;
  /** EMPTY after an O(1) clear, until the next push allocates it again. */
  #messages: (Message | undefined)[] = EMPTY;
  #sizes: number[] = EMPTY;
  #times: number[] = EMPTY;
  #metas: (MetadataSource | undefined)[] | undefined;
  #callbacks: (Settle | undefined)[] | undefined;
  #ats: number[] | undefined;
  #head = 0;
  #length = 0;
  #bytes = 0;
  /** Queued messages that carry a settle callback. */
  #settles = 0;
  readonly counters: QueueCounters = { dropped: 0, discarded: 0 };
  /** The receive time (`at` of `push`) of the message taken last. */
  takenAt = 0;

  constructor(capacity: number, byteCap = Number.POSITIVE_INFINITY) {
    this.#capacity = capacity;
    this.#byteCap = byteCap;
  }

  get length(): number {
    return this.#length;
  }

  /** Bytes currently held. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Messages that fit before the length cap is reached; 0 once either cap is. */
  get room(): number {
    return this.#bytes >= this.#byteCap ? 0 : Math.max(0, this.#capacity - this.#length);
  }

  /** True when the length or byte cap is reached. */
  get full(): boolean {
    return this.#length >= this.#capacity || this.#bytes >= this.#byteCap;
  }

  /** True when both the length and the bytes are at most half their caps (where intake resumes). */
  get drained(): boolean {
    return this.#length <= this.#capacity >>> 1 && this.#bytes <= this.#byteCap / 2;
  }

  /**
   * Appends a message. With `dropOldest`, first drops the oldest messages while a cap would be
   * exceeded, stopping at one that carries a settle callback (those are never dropped).
   */
  push(
    message: Message,
    bytes: number,
    settle: Settle | undefined,
    dropOldest: boolean,
    at = 0,
    meta?: MetadataSource,
    time = 0,
  ): void {
    while (dropOldest && this.#length > 0 && (this.#length >= this.#capacity || this.#bytes + bytes > this.#byteCap)) {
      if (this.#callbacks?.[this.#head] !== undefined) break;
      this.#release(this.#head);
      this.#advance();
      this.counters.dropped += 1;
    }
    if (this.#length === this.#size) this.#grow();
    else if (this.#messages === EMPTY) this.#messages = new Array<Message | undefined>(this.#size);
    const slot = this.#slotAfterHead(this.#length);
    this.#messages[slot] = message;
    this.#sizes[slot] = bytes;
    this.#times[slot] = time;
    if (meta !== undefined || this.#metas !== undefined) (this.#metas ??= new Array(this.#size))[slot] = meta;
    if (settle !== undefined || this.#callbacks !== undefined)
      (this.#callbacks ??= new Array(this.#size))[slot] = settle;
    if (at !== 0 || this.#ats !== undefined) (this.#ats ??= new Array<number>(this.#size).fill(0))[slot] = at;
    this.#length += 1;
    this.#bytes += bytes;
    if (settle !== undefined) this.#settles += 1;
  }

  /** Removes and returns the oldest message, settled as `delivered`, or undefined when empty. */
  takeOldest(): Message | undefined {
    if (this.#length === 0) return undefined;
    const slot = this.#head;
    const message = this.#messages[slot];
    this.takenAt = this.#ats?.[slot] ?? 0;
    const settle = this.#release(slot);
    this.#advance();
    settle?.('delivered');
    return message;
  }

  /** Moves up to `max` of the oldest messages, oldest first, onto `into` (each settled as `delivered`). */
  takeOldestInto(max: number, into: Message[]): void {
    for (let n = Math.min(max, this.#length); n > 0; n -= 1) {
      const slot = this.#head;
      into.push(this.#messages[slot]!);
      if (n === 1) this.takenAt = this.#ats?.[slot] ?? 0;
      const settle = this.#release(slot);
      this.#advance();
      settle?.('delivered');
    }
  }

  /** Like {@link takeOldest}, with the entry's metadata. */
  takeOldestEntry(): Entry | undefined {
    if (this.#length === 0) return undefined;
    const slot = this.#head;
    const entry = this.#entry(slot);
    this.#release(slot);
    this.#advance();
    entry.settle?.('delivered');
    this.takenAt = entry.at;
    return entry;
  }

  /** Returns the newest message and discards the rest (all settled as `delivered`: the reader chose to skip them). */
  takeNewest(): Message | undefined {
    if (this.#length === 0) return undefined;
    const slot = this.#slotAfterHead(this.#length - 1);
    const message = this.#messages[slot];
    const at = this.#ats?.[slot] ?? 0;
    const settle = this.#takeLast(slot);
    settle?.('delivered');
    this.takenAt = at;
    return message;
  }

  /** Like {@link takeNewest}, with the entry's metadata. */
  takeNewestEntry(): Entry | undefined {
    if (this.#length === 0) return undefined;
    const slot = this.#slotAfterHead(this.#length - 1);
    const entry = this.#entry(slot);
    this.#takeLast(slot);
    entry.settle?.('delivered');
    this.takenAt = entry.at;
    return entry;
  }

  /** Discards (as `delivered`) all but the newest `keep` messages. */
  discardOldest(keep: number): void {
    while (this.#length > keep) {
      const settle = this.#release(this.#head);
      this.#advance();
      settle?.('delivered');
      this.counters.discarded += 1;
    }
  }

  /** Empties the queue, settling every message with `outcome`. */
  clear(outcome: SettleOutcome): void {
    if (this.#settles === 0 && this.#length > 0) {
      // Nothing to settle: let go of every message in O(1) by dropping the columns that hold
      // references (the next push allocates the message column again); the numbers stay.
      this.#messages = EMPTY;
      this.#metas = undefined;
      this.#length = 0;
      this.#bytes = 0;
    }
    while (this.#length > 0) {
      const settle = this.#release(this.#head);
      this.#advance();
      settle?.(outcome);
    }
    this.#head = 0;
  }

  /** Takes the newest message (in `slot`) out and discards the rest; returns its settle callback. */
  #takeLast(slot: number): Settle | undefined {
    const settle = this.#release(slot);
    this.#length -= 1;
    this.counters.discarded += this.#length;
    this.clear('delivered');
    return settle;
  }

  /** The slot's message as an {@link Entry} (for `readMessage()`). */
  #entry(slot: number): Entry {
    return {
      message: this.#messages[slot]!,
      bytes: this.#sizes[slot]!,
      settle: this.#callbacks?.[slot],
      at: this.#ats?.[slot] ?? 0,
      meta: this.#metas?.[slot],
      time: this.#times[slot]!,
    };
  }

  /** Lets go of the slot's references and counts its bytes out; returns its settle callback. */
  #release(slot: number): Settle | undefined {
    this.#messages[slot] = undefined;
    this.#bytes -= this.#sizes[slot]!;
    if (this.#metas !== undefined) this.#metas[slot] = undefined;
    const callbacks = this.#callbacks;
    if (callbacks === undefined) return undefined;
    const settle = callbacks[slot];
    if (settle === undefined) return undefined;
    callbacks[slot] = undefined;
    this.#settles -= 1;
    return settle;
  }

  /** The oldest slot was released: the ring starts one further. */
  #advance(): void {
    const head = this.#head + 1;
    this.#head = head === this.#size ? 0 : head;
    this.#length -= 1;
  }

  /** The slot `offset` places after the head (`offset` < the ring's size): a compare, not a division. */
  #slotAfterHead(offset: number): number {
    const slot = this.#head + offset;
    return slot >= this.#size ? slot - this.#size : slot;
  }

  #grow(): void {
    // Past the capacity only when nothing may be dropped (intake is being stopped).
    const doubled = Math.max(this.#size * 2, FIRST_SLOTS);
    const size = this.#size < this.#capacity ? Math.min(this.#capacity, doubled) : doubled;
    this.#messages = this.#moved(this.#messages, size);
    this.#sizes = this.#moved(this.#sizes, size);
    this.#times = this.#moved(this.#times, size);
    if (this.#metas !== undefined) this.#metas = this.#moved(this.#metas, size);
    if (this.#callbacks !== undefined) this.#callbacks = this.#moved(this.#callbacks, size);
    if (this.#ats !== undefined) this.#ats = this.#moved(this.#ats, size);
    this.#size = size;
    this.#head = 0;
  }

  /** A column of `size` slots holding `column`'s queued values, oldest first. */
  #moved<T>(column: T[], size: number): T[] {
    const next = new Array<T>(size);
    for (let i = 0; i < this.#length; i += 1) next[i] = column[this.#slotAfterHead(i)]!;
    return next;
  }
}
