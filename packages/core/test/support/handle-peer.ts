import { BroadcastChannel } from 'node:worker_threads';
import { afterEach, beforeEach, vi } from 'vitest';
import type { Connection } from '../../src/index.js';
import type { HandleOp, HandleRequest, HandleResponse } from '../../src/handles/protocol.js';

/** The channel name every thread's handle code talks on (src/handles/protocol.ts). */
const CHANNEL_NAME = 'omnidial:handles';
/** Handles are `threadId * 2 ** 21 + n` (src/handles/protocol.ts). */
export const THREAD_STRIDE = 2 ** 21;

/** What `promise` settles to: its error, or 'resolved' (for asserting a rejection's fields). */
export const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => 'resolved',
    (error: unknown) => error,
  );

/** What a fake owner answers: a value, or `{ error }` for a failed call, or `'silent'` for none. */
export type Answer = { value: unknown } | { error: NonNullable<HandleResponse['error']> } | 'silent';

/**
 * Another thread of this process as the handle protocol sees it, played in the test's own
 * thread (where Stryker sees the code run): it talks on the same BroadcastChannel as the
 * handle code, so it can own handles that `dial(handle)` attaches to, or hold handles that a
 * connection of this thread owns.
 */
export class HandlePeer {
  readonly #channel = new BroadcastChannel(CHANNEL_NAME);
  /** Every request seen on the channel, in arrival order. */
  readonly requests: HandleRequest[] = [];
  /** Every response addressed to this peer's thread, in arrival order. */
  readonly responses: HandleResponse[] = [];
  /** As an owner: how to answer a request for one of this thread's handles. */
  answer: (request: HandleRequest) => Answer | Promise<Answer> = () => 'silent';
  #nextId = 0;
  readonly #waiting = new Map<number, (response: HandleResponse) => void>();

  constructor(readonly thread: number) {
    this.#channel.onmessage = (event) => void this.#receive((event as MessageEvent).data);
  }

  /** Handle number `n` of this peer's thread. */
  handle(n: number): number {
    return this.thread * THREAD_STRIDE + n;
  }

  /** The requests made for operation `op`. */
  ops(): HandleOp[] {
    return this.requests.map((request) => request.op);
  }

  /** Posts anything on the channel, as a thread running other code might. */
  post(message: unknown): void {
    this.#channel.postMessage(message);
  }

  /** As a holder: asks the owner of `handle` to run `op` and waits for its answer. */
  ask(handle: number, op: HandleOp, args: unknown[] = [], from = this.thread): Promise<HandleResponse> {
    const id = ++this.#nextId;
    const answered = new Promise<HandleResponse>((resolve) => this.#waiting.set(id, resolve));
    this.post({ kind: 'request', id, from, handle, op, args } satisfies HandleRequest);
    return answered;
  }

  close(): void {
    this.#channel.close();
  }

  async #receive(message: HandleRequest | HandleResponse | null): Promise<void> {
    if (message?.kind === 'response' && message.to === this.thread) {
      this.responses.push(message);
      this.#waiting.get(message.id)?.(message);
      this.#waiting.delete(message.id);
    }
    if (message?.kind !== 'request') return;
    this.requests.push(message);
    if (Math.floor(message.handle / THREAD_STRIDE) !== this.thread) return;
    const answer = await this.answer(message);
    if (answer === 'silent') return;
    const { id, from: to } = message;
    this.post({ kind: 'response', id, to, ok: !('error' in answer), ...answer } satisfies HandleResponse);
  }
}

/** What a fake owner answers to an attach: a stream connection, or an SQL one. */
export const STREAM_INFO = { scheme: 'loop', redacted: 'loop://owner', kind: 'stream' };
export const SQL_INFO = { scheme: 'table', redacted: 'table://owner', kind: 'sql' };

/**
 * A fresh HandlePeer playing thread `thread` (an id no real thread of the test run has) in each
 * test of the file, as `owner()`. After each test timers are real again, the owner answers every
 * call, and each view pushed to `views` is closed before the peer goes.
 */
export function ownerPerTest(thread: number): { owner: () => HandlePeer; views: Connection[] } {
  let peer: HandlePeer | undefined;
  const views: Connection[] = [];
  beforeEach(() => {
    peer = new HandlePeer(thread);
  });
  afterEach(async () => {
    vi.useRealTimers();
    peer!.answer = () => ({ value: undefined });
    await Promise.all(views.splice(0).map((view) => view.close()));
    peer!.close();
  });
  return { owner: () => peer!, views };
}
