import type { Message, Settle, SettleOutcome } from '../driver/types.js';
import type { MessageMetadata } from '../driver/metadata.js';

/** One queued message with what `readMessage()` needs; `read()` only looks at `message`. */
export interface Entry {
  readonly message: Message;
  readonly bytes: number;
  readonly settle: Settle | undefined;
  /** Receive time for the read-latency diagnostic; 0 when not measured. */
  readonly at: number;
  readonly meta: MessageMetadata | undefined;
  /** Receive time for `readMessage()`, ms since the epoch. */
  readonly time: number;
}

/** The ring of every empty queue that never held a message (never written: a push grows it first). */
const NO_SLOTS = Object.freeze([]) as unknown as (Entry | undefined)[];
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
 * discarded messages are let go at once by replacing the ring.
 */
export class MessageQueue {
  readonly #capacity: number;
  readonly #byteCap: number;
  #slots = NO_SLOTS;
  #head = 0;
  #length = 0;
  #bytes = 0;
  /** Queued entries that carry a settle callback. */
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
    meta?: MessageMetadata,
    time = 0,
  ): void {
    while (dropOldest && this.#length > 0 && (this.#length >= this.#capacity || this.#bytes + bytes > this.#byteCap)) {
      if (this.#slots[this.#head]?.settle !== undefined) break;
      this.#shift();
      this.counters.dropped += 1;
    }
    if (this.#length === this.#slots.length) this.#grow();
    this.#slots[(this.#head + this.#length) % this.#slots.length] = { message, bytes, settle, at, meta, time };
    this.#length += 1;
    this.#bytes += bytes;
    if (settle !== undefined) this.#settles += 1;
  }

  /** Removes and returns the oldest message, settled as `delivered`, or undefined when empty. */
  takeOldest(): Message | undefined {
    const entry = this.#shift();
    if (entry === undefined) return undefined;
    entry.settle?.('delivered');
    this.takenAt = entry.at;
    return entry.message;
  }

  /** Like {@link takeOldest}, with the entry's metadata. */
  takeOldestEntry(): Entry | undefined {
    const entry = this.#shift();
    if (entry === undefined) return undefined;
    entry.settle?.('delivered');
    this.takenAt = entry.at;
    return entry;
  }

  /** Returns the newest message and discards the rest (all settled as `delivered`: the reader chose to skip them). */
  takeNewest(): Message | undefined {
    return this.takeNewestEntry()?.message;
  }

  /** Like {@link takeNewest}, with the entry's metadata. */
  takeNewestEntry(): Entry | undefined {
    if (this.#length === 0) return undefined;
    const last = (this.#head + this.#length - 1) % this.#slots.length;
    const newest = this.#slots[last] as Entry;
    this.#slots[last] = undefined;
    this.#length -= 1;
    this.#bytes -= newest.bytes;
    if (newest.settle !== undefined) this.#settles -= 1;
    this.counters.discarded += this.#length;
    this.clear('delivered');
    newest.settle?.('delivered');
    this.takenAt = newest.at;
    return newest;
  }

  /** Discards (as `delivered`) all but the newest `keep` messages. */
  discardOldest(keep: number): void {
    while (this.#length > keep) {
      this.#shift()?.settle?.('delivered');
      this.counters.discarded += 1;
    }
  }

  /** Empties the queue, settling every message with `outcome`. */
  clear(outcome: SettleOutcome): void {
    if (this.#settles === 0 && this.#length > 0) {
      // Nothing to settle: drop the whole ring in O(1) instead of visiting every slot.
      this.#slots = NO_SLOTS;
      this.#length = 0;
      this.#bytes = 0;
    }
    while (this.#length > 0) this.#shift()?.settle?.(outcome);
    this.#head = 0;
  }

  #shift(): Entry | undefined {
    if (this.#length === 0) return undefined;
    const entry = this.#slots[this.#head];
    this.#slots[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#slots.length;
    this.#length -= 1;
    if (entry !== undefined) {
      this.#bytes -= entry.bytes;
      if (entry.settle !== undefined) this.#settles -= 1;
    }
    return entry;
  }

  #grow(): void {
    // Past the capacity only when nothing may be dropped (intake is being stopped).
    const doubled = Math.max(this.#slots.length * 2, FIRST_SLOTS);
    const size = this.#slots.length < this.#capacity ? Math.min(this.#capacity, doubled) : doubled;
    const next: (Entry | undefined)[] = new Array(size);
    for (let i = 0; i < this.#length; i += 1) next[i] = this.#slots[(this.#head + i) % this.#slots.length];
    this.#slots = next;
    this.#head = 0;
  }
}
