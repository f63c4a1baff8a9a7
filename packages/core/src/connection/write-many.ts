import { DialError } from '../errors.js';
import type { MessageLink } from '../driver/types.js';
import { typeOf } from './args.js';

/** One item of `writeMany()`. */
export type WriteItem = string | Uint8Array;

/** Why `writeMany()` items are unusable, naming the first bad one; undefined when all are fine. Checked before any I/O. */
export function badItems(items: unknown): string | undefined {
  if (!Array.isArray(items)) return `items must be an array of strings or bytes, got ${typeOf(items)}`;
  for (let i = 0; i < items.length; i += 1) {
    const item: unknown = items[i];
    if (typeof item !== 'string' && !(item instanceof Uint8Array))
      return `item ${i} must be a string or bytes, got ${typeOf(item)}`;
  }
  return undefined;
}

/**
 * The promise `MessageLink.write()` returns for a send that may finish at once (`writeNow`):
 * its bytes settled, its throw as a rejection.
 */
export function writePromise(send: () => number | Promise<number>): Promise<number> {
  try {
    const sent = send();
    return typeof sent === 'number' ? Promise.resolve(sent) : sent;
  } catch (error) {
    return Promise.reject(error);
  }
}

/** A batch stopped at item `index` (every item before it was written) because of `cause`. */
export class BatchFailure {
  constructor(
    readonly index: number,
    readonly cause: unknown,
  ) {}
}

/** The first unwritten item a link's batch hook reports (`failedIndex`, or a DialError's `index`); 0 when it does not say. */
function failedIndexOf(error: unknown): number {
  if (error instanceof BatchFailure) return error.index;
  if (typeof error !== 'object' || error === null) return 0;
  const { failedIndex } = error as { failedIndex?: unknown };
  if (typeof failedIndex === 'number') return failedIndex;
  return error instanceof DialError && error.index !== undefined ? error.index : 0;
}

/**
 * Starts `write(item)` for every item back to back, all in this synchronous turn (so a corked
 * socket sends them in one go), then waits for all. `write` may return the bytes at once (a
 * link's `writeNow`): those cost no promise. Resolves to the bytes accepted; rejects with a
 * {@link BatchFailure} naming the first item that failed. A driver's batch hook can use it
 * between `cork()` and `uncork()`.
 */
export async function pipelineWrites(
  items: readonly WriteItem[],
  write: (item: WriteItem) => number | Promise<number>,
): Promise<number> {
  const sends: (number | Promise<number>)[] = [];
  let failure: BatchFailure | undefined;
  for (let i = 0; i < items.length; i += 1) {
    try {
      sends.push(write(items[i]!));
    } catch (error) {
      failure = new BatchFailure(i, error); // later items are not started
      break;
    }
  }
  let total = 0;
  for (let i = 0; i < sends.length; i += 1) {
    const sent = sends[i]!;
    if (typeof sent === 'number') {
      total += sent;
      continue;
    }
    try {
      total += await sent;
    } catch (error) {
      if (failure === undefined || i < failure.index) failure = new BatchFailure(i, error);
    }
  }
  if (failure !== undefined) throw failure;
  return total;
}

/**
 * Sends `items` in order on `link`: through its batch hook when it has one, else pipelined
 * ({@link pipelineWrites}). Rejects with a {@link BatchFailure}.
 */
export async function sendBatch(
  link: MessageLink,
  items: readonly WriteItem[],
  signal: AbortSignal | undefined,
): Promise<number> {
  if (link.writeMany === undefined) {
    const { writeNow } = link;
    return pipelineWrites(
      items,
      signal === undefined && writeNow !== undefined
        ? (item) => writeNow.call(link, item)
        : (item) => link.write(item, signal),
    );
  }
  try {
    return await link.writeMany(items, signal);
  } catch (error) {
    throw error instanceof BatchFailure ? error : new BatchFailure(failedIndexOf(error), error);
  }
}

/** What {@link callbackBatch} calls per item: start sending it, return its bytes, call `done` once it is sent. */
export type CallbackSend = (item: WriteItem, done: (error?: unknown) => void) => number;

/**
 * The batch path of a client that takes a completion callback per publish (mqtt.js, amqplib
 * confirm channels): starts every item in order, all in this synchronous turn, and settles one
 * promise when every callback came back, instead of a promise and an `await` per item. Resolves
 * to the bytes accepted; rejects with a {@link BatchFailure} naming the lowest item that failed
 * (a `send` that throws stops the batch: later items are not started), or with the signal's reason.
 */
export function callbackBatch(items: readonly WriteItem[], send: CallbackSend, signal?: AbortSignal): Promise<number> {
  if (signal?.aborted === true) return Promise.reject(signal.reason);
  return new Promise<number>((resolve, reject) => {
    // One more than the items: the loop itself, so callbacks called during `send` cannot settle early.
    let pending = items.length + 1;
    let total = 0;
    let failure: BatchFailure | undefined;
    const onAbort = (): void => reject(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (): void => {
      signal?.removeEventListener('abort', onAbort);
      if (failure === undefined) resolve(total);
      else reject(failure);
    };
    const fail = (index: number, error: unknown): void => {
      if (failure === undefined || index < failure.index) failure = new BatchFailure(index, error);
    };
    const finished = (): void => {
      if (--pending === 0) settle();
    };
    for (let i = 0; i < items.length; i += 1) {
      const index = i;
      try {
        total += send(items[i]!, (error) => {
          if (error !== undefined && error !== null) fail(index, error);
          finished();
        });
      } catch (error) {
        fail(i, error);
        pending -= items.length - i; // this item and the ones never started
        break;
      }
    }
    finished();
  });
}
