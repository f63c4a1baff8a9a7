import type { MessageLink, Message, Settle } from '../driver/types.js';
import type { MetadataSource } from '../driver/metadata.js';
import { MessageQueue, type Entry } from './queue.js';
import type { ConnectionStats } from './events.js';
import type { DeliveryBatch } from './supervisor.js';
import { DOWN, END, WaitingReaders } from './readers.js';
import { receivedAt, type ConnectionProbe } from '../diagnostics/probe.js';
import { receiveTime } from './receive-clock.js';

/** What {@link Inbox} needs at construction. */
export interface InboxInit {
  queueSize: number;
  queueBytes: number | undefined;
  /** `overflow=block`: never drop; stop intake while the queue is full. */
  block: boolean;
  /** The live link, if any: the one to pause. */
  link(): MessageLink | undefined;
  /** Publishes arrivals, drops and read latency on the diagnostics channels. */
  probe?: ConnectionProbe;
  /** Text is handed over as bytes (`binary`): a string a driver delivers becomes a Buffer. */
  binary?: boolean;
  /** Where arrivals are counted (`stats()`). */
  counters?: Pick<ConnectionStats, 'received' | 'receivedBytes'>;
}

/**
 * The receive side of a connection: the bounded queue, the waiting readers, and intake
 * control. A message that cannot be dropped (it carries a settle callback, or the policy is
 * `block`) is always queued; once the queue is full the link is paused, and it is resumed when
 * the reader has taken the queue down to half its caps (hysteresis: not a pause per read).
 */
export class Inbox {
  readonly queue: MessageQueue;
  readonly readers = new WaitingReaders(() => this.queue.length);
  readonly #init: InboxInit;
  /** Intake is meant to be stopped. */
  #stopped = false;
  /** The link that was paused (a link that replaced it after a reconnect is paused when it opens). */
  #paused: MessageLink | undefined;

  constructor(init: InboxInit) {
    this.#init = init;
    this.queue = new MessageQueue(init.queueSize, init.queueBytes);
  }

  /** Messages the queue takes before it is full; 0 while intake is stopped. */
  get room(): number {
    return this.#stopped ? 0 : this.queue.room;
  }

  /** True while intake is stopped because the reader is behind. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /**
   * Hands a message to a waiting reader or queues it. Returns true when messages were dropped.
   * Its receive time is read from the clock only when it is kept (queued, or handed to a
   * `readMessage()`): a plain reader handed a stream chunk never needs it (see {@link receiveTime}).
   */
  put(message: Message, bytes: number, settle: Settle | undefined, meta: MetadataSource | undefined): boolean {
    const { probe, counters } = this.#init;
    if (counters !== undefined) {
      counters.received += 1;
      counters.receivedBytes += bytes;
    }
    if (this.#init.binary === true && typeof message === 'string') message = Buffer.from(message);
    const at = probe === undefined ? 0 : receivedAt();
    if (this.queue.length === 0 && this.readers.offer(message, bytes, meta)) {
      settle?.('delivered');
      probe?.received(bytes, 0, 0, this.#stopped);
      probe?.read(at, 0);
      return false;
    }
    const keep = settle !== undefined || this.#init.block;
    const droppedBefore = this.queue.counters.dropped;
    this.queue.push(message, bytes, settle, !keep, at, meta, receiveTime());
    if (keep && this.queue.full) this.#stop();
    const dropped = this.queue.counters.dropped - droppedBefore;
    probe?.received(bytes, this.queue.length, this.queue.bytes, this.#stopped);
    if (dropped > 0) probe?.dropped(dropped, this.queue.counters.dropped);
    return dropped > 0;
  }

  /**
   * {@link put} of each message of a batch in turn, with what is the same for all done once: the
   * first messages go to waiting readers while the queue is empty, the rest are queued. Returns
   * true when messages were dropped.
   */
  putMany([messages, sizes, settles, metas]: DeliveryBatch): boolean {
    const n = messages.length;
    if (this.#init.probe?.watchesIntake === true || this.#init.binary === true) {
      let dropped = false;
      for (let i = 0; i < n; i += 1) dropped = this.put(messages[i]!, sizes[i]!, settles?.[i], metas?.[i]) || dropped;
      return dropped;
    }
    let i = 0;
    let bytes = 0;
    while (i < n && this.queue.length === 0) {
      const handed = this.readers.offerMany(messages, i, sizes, metas);
      if (handed === 0) break;
      for (const end = i + handed; i < end; i += 1) {
        bytes += sizes[i]!;
        settles?.[i]?.('delivered');
      }
    }
    const { block } = this.#init;
    const droppedBefore = this.queue.counters.dropped;
    let kept = block;
    const queuedAt = i < n ? receiveTime() : 0;
    for (; i < n; i += 1) {
      const settle = settles?.[i];
      const size = sizes[i]!;
      bytes += size;
      const keep = settle !== undefined || block;
      if (keep) kept = true;
      this.queue.push(messages[i]!, size, settle, !keep, 0, metas?.[i], queuedAt);
    }
    if (kept && this.queue.full) this.#stop();
    const { counters } = this.#init;
    if (counters !== undefined) {
      counters.received += n;
      counters.receivedBytes += bytes;
    }
    return this.queue.counters.dropped > droppedBefore;
  }

  /** The oldest message (settled as delivered), resuming intake once the queue has drained. */
  takeOldest(): Message | undefined {
    const message = this.queue.takeOldest();
    if (this.#stopped && this.queue.drained) this.#resume();
    if (message !== undefined) this.#init.probe?.read(this.queue.takenAt, this.queue.length);
    return message;
  }

  /** The oldest entry, with its metadata (settled as delivered); like {@link takeOldest}. */
  takeOldestEntry(): Entry | undefined {
    const entry = this.queue.takeOldestEntry();
    if (this.#stopped && this.queue.drained) this.#resume();
    if (entry !== undefined) this.#init.probe?.read(this.queue.takenAt, this.queue.length);
    return entry;
  }

  /** The newest message, discarding the rest; resumes intake. */
  takeNewest(): Message | undefined {
    const message = this.queue.takeNewest();
    if (this.#stopped) this.#resume();
    if (message !== undefined) this.#init.probe?.read(this.queue.takenAt, 0);
    return message;
  }

  /** The newest entry, discarding the rest; resumes intake. */
  takeNewestEntry(): Entry | undefined {
    const entry = this.queue.takeNewestEntry();
    if (this.#stopped) this.#resume();
    if (entry !== undefined) this.#init.probe?.read(this.queue.takenAt, 0);
    return entry;
  }

  /** Up to `max` of the oldest messages, appended to `into` (each settled as delivered). */
  takeMany(max: number, into: Message[]): Message[] {
    if (this.#init.probe?.watchesReads === true) {
      // The read-latency diagnostic measures every message as it is taken.
      for (let n = 0; n < max && this.queue.length > 0; n += 1) into.push(this.takeOldest()!);
      return into;
    }
    this.queue.takeOldestInto(max, into);
    if (this.#stopped && this.queue.drained) this.#resume();
    return into;
  }

  /** The newest `max` messages, oldest first, discarding the rest; resumes intake. */
  takeNewestMany(max: number): Message[] {
    this.queue.discardOldest(max);
    return this.takeMany(max, []);
  }

  /** Every message as it is queued, across reconnects, until `over()` once the queue is empty. */
  async *messages(over: () => boolean): AsyncGenerator<Message> {
    for (;;) {
      const queued = this.takeOldest();
      if (queued !== undefined) {
        yield queued;
        continue;
      }
      if (over()) return;
      const outcome = await this.readers.wait(undefined, undefined, true);
      if (outcome === END) return;
      if (outcome !== null && outcome !== DOWN) yield outcome as Message;
    }
  }

  /** The queue's part of `stats()`. */
  counters(): Pick<ConnectionStats, 'dropped' | 'discarded' | 'queued' | 'queuedBytes' | 'paused'> {
    const { dropped, discarded } = this.queue.counters;
    return { dropped, discarded, queued: this.queue.length, queuedBytes: this.queue.bytes, paused: this.stopped };
  }

  /** A (re)connected link is now live: it starts paused when intake is stopped. */
  linkOpened(): void {
    if (this.#stopped) this.#pause(this.#init.link());
  }

  #stop(): void {
    this.#stopped = true;
    this.#pause(this.#init.link());
  }

  #pause(link: MessageLink | undefined): void {
    if (link === undefined || link === this.#paused) return;
    this.#paused = link;
    link.pause?.();
  }

  #resume(): void {
    this.#stopped = false;
    const link = this.#paused;
    this.#paused = undefined;
    link?.resume?.();
  }
}
