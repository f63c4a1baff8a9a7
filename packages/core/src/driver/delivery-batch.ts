import type { LinkContext, Message, Settle } from './types.js';
import type { MetadataSource } from './metadata.js';
import { DEFAULT_QUEUE_SIZE } from './common-options.js';

/**
 * Gathers the messages a client hands over one by one within one synchronous run (a socket read
 * parsed into many messages, a fetch response pushed record by record) and hands them to the
 * core in one {@link LinkContext.deliverMany} call once that run is over (a microtask), in order.
 * The connection then does its per-call work (state, counters, receive time, waking a reader,
 * intake control) once per batch instead of once per message.
 *
 * A driver that uses it delivers every message through it, so the order is kept; messages
 * reach the queue before any code awaiting in this turn resumes, as with `deliver()`. A batch that
 * reaches the room the queue had left is handed over at once, so a full queue stops intake (pauses
 * the link) after as many messages as with `deliver()`: what the client still hands over in this
 * run after a pause waits in its own buffer, not in the queue.
 */
export class DeliveryBatch {
  readonly #context: LinkContext;
  #messages: Message[] = [];
  #sizes: number[] = [];
  /** Only once a message brought a settle callback or metadata. */
  #settles: (Settle | undefined)[] | undefined;
  #metas: (MetadataSource | undefined)[] | undefined;
  readonly #flush = (): void => this.flush();
  /** What the queue had room for after the last batch (its size before the first). */
  #room: number;

  constructor(context: LinkContext) {
    this.#context = context;
    this.#room = Number(context.options.qsize ?? DEFAULT_QUEUE_SIZE);
  }

  /** Adds a message, as {@link LinkContext.deliver} takes it; delivered at the end of this run. */
  add(message: Message, bytes: number, settle?: Settle, meta?: MetadataSource): void {
    const index = this.#messages.length;
    if (index === 0) queueMicrotask(this.#flush);
    this.#messages.push(message);
    this.#sizes.push(bytes);
    if (settle !== undefined || this.#settles !== undefined) (this.#settles ??= new Array(index)).push(settle);
    if (meta !== undefined || this.#metas !== undefined) (this.#metas ??= new Array(index)).push(meta);
    if (index + 1 >= this.#room) this.flush();
  }

  /** Delivers what was added so far now (nothing when empty). */
  flush(): void {
    const messages = this.#messages;
    if (messages.length === 0) return;
    const sizes = this.#sizes;
    const settles = this.#settles;
    const metas = this.#metas;
    this.#messages = [];
    this.#sizes = [];
    this.#settles = undefined;
    this.#metas = undefined;
    this.#room = this.#context.deliverMany(messages, sizes, settles, metas);
  }
}
