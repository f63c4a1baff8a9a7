import { DialError } from '../errors.js';
import { timerDelay } from '../connection/delay.js';
import {
  type HandleOp,
  type HandleRequest,
  type HandleResponse,
  currentThread,
  deserializeError,
  handleChannel,
  ownerThread,
} from './protocol.js';
import { LateMessages, isRead } from './late-messages.js';

/** A call to the thread that owns a handle; `withinMs`: a read's own timeout (see {@link ViewCalls.call}). */
export type Call = (op: HandleOp, args: unknown[], withinMs?: number) => Promise<unknown>;

/**
 * How long past a read's own timeout a view waits for the owner's answer before giving the
 * read's `null` itself: the owner answers at the timeout, and its answer crosses in well under this.
 */
export const READ_GRACE_MS = 250;

interface Waiter {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

let nextId = 0;
const pending = new Map<number, Waiter>();
let listening = false;

/** Posts one request for `handle` to whichever thread owns it; `waiter` gets the answer. Returns its id. */
function post(handle: number, op: HandleOp, args: unknown[], waiter: Waiter): number {
  listen();
  const id = ++nextId;
  pending.set(id, waiter);
  if (pending.size === 1) handleChannel().ref();
  const request: HandleRequest = { kind: 'request', id, from: currentThread(), handle, op, args };
  handleChannel().postMessage(request);
  return id;
}

/** Forgets request `id` (answered or given up); the waiter, if it was still pending. */
function settled(id: number): Waiter | undefined {
  const waiter = pending.get(id);
  pending.delete(id);
  if (pending.size === 0) handleChannel().unref();
  return waiter;
}

function listen(): void {
  if (listening) return;
  listening = true;
  const self = currentThread();
  handleChannel().addEventListener('message', (event) => {
    const response = (event as unknown as { data: HandleResponse }).data;
    if (response?.kind !== 'response' || response.to !== self) return;
    const waiter = settled(response.id);
    if (waiter === undefined) return;
    if (response.ok) waiter.resolve(response.value);
    else waiter.reject(deserializeError(response.error!));
  });
}

/** Calls the owning thread; with `timeoutMs`, gives up (NotFound) and forgets the call. */
export function remoteCall(handle: number, timeoutMs?: number): Call {
  return (op, args) =>
    new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const id = post(handle, op, args, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      const delay = timerDelay(timeoutMs);
      if (delay === undefined) return;
      timer = setTimeout(() => {
        settled(id);
        reject(
          new DialError({
            code: 'NotFound',
            op: 'handle',
            message: `handle ${handle}: no thread of this process owns it`,
          }),
        );
      }, delay);
    });
}

/**
 * The calls of one view of another thread's handle, watched: while any is unanswered, the owner
 * is asked every `answerMs` whether it is still there (a `ping`). A ping left unanswered for
 * `answerMs` means the owner is gone (its thread ended, or it forgot the handle): every call
 * still waiting rejects `Unavailable`, later ones at once (`release` resolves: nothing is held
 * any more), and {@link ViewCalls.onGone} is told. `answerMs` undefined: the owner may take forever.
 */
export class ViewCalls {
  readonly #handle: number;
  readonly #answerMs: number | undefined;
  /** This view's unanswered requests. */
  readonly #waiting = new Set<number>();
  #timer: NodeJS.Timeout | undefined;
  /** The unanswered ping, if one is out. */
  #ping: number | undefined;
  #gone: DialError | undefined;
  /** Messages of answers that came after their read had given up. */
  readonly #late = new LateMessages();
  /** Told once, when the owner is found gone. */
  onGone: (error: DialError) => void = () => undefined;

  constructor(handle: number, answerMs: number | undefined) {
    this.#handle = handle;
    this.#answerMs = timerDelay(answerMs);
  }

  /**
   * Runs `op` on the owner. `withinMs`, a read's timeout: the owner answers by then, and when its
   * answer does not come within {@link READ_GRACE_MS} more the read gives `null` (nothing arrived
   * in time) while the owner is still watched. A late answer that carries messages is not
   * dropped: the next reads of this view take them first ({@link LateMessages}).
   */
  call(op: HandleOp, args: unknown[], withinMs?: number): Promise<unknown> {
    if (this.#gone !== undefined) return op === 'release' ? Promise.resolve() : Promise.reject(this.#gone);
    if (this.#late.has() && isRead(op)) return Promise.resolve(this.#late.take(op, args));
    const answer = new Promise((resolve, reject) => {
      let deadline: NodeJS.Timeout | undefined;
      let expired = false;
      const done = (): void => {
        this.#waiting.delete(id);
        clearTimeout(deadline);
      };
      const id = post(this.#handle, op, args, {
        resolve: (value) => {
          done();
          if (expired) this.#late.keep(op, value);
          else resolve(value);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
      this.#waiting.add(id);
      const delay = withinMs === undefined ? undefined : timerDelay(Math.max(withinMs, 0) + READ_GRACE_MS);
      if (delay !== undefined)
        deadline = setTimeout(() => {
          expired = true;
          resolve(null);
        }, delay);
      this.#watch();
    });
    return op !== 'release'
      ? answer
      : answer.catch((error: unknown) => {
          if (error !== this.#gone) throw error;
        });
  }

  #watch(): void {
    if (this.#timer !== undefined || this.#answerMs === undefined) return;
    this.#timer = setTimeout(() => this.#check(), this.#answerMs);
    this.#timer.unref();
  }

  /** Every `answerMs` while calls wait: gone when the last ping got no answer, else ping again. */
  #check(): void {
    this.#timer = undefined;
    const ping = this.#ping;
    // The verdict waits for the messages already here: after this thread was busy, the answer may be among them.
    if (ping !== undefined) return void setImmediate(() => (ping === this.#ping ? this.#lost() : this.#check()));
    if (this.#waiting.size === 0) return;
    const answered = (): void => {
      this.#ping = undefined;
    };
    this.#ping = post(this.#handle, 'ping', [], { resolve: answered, reject: answered });
    this.#watch();
  }

  #lost(): void {
    const gone = new DialError({
      code: 'Unavailable',
      op: 'handle',
      message: `handle ${this.#handle}: the owning thread (${ownerThread(this.#handle)}) stopped answering (no answer within ${this.#answerMs} ms); this view of it is gone`,
    });
    this.#gone = gone;
    settled(this.#ping!);
    this.#ping = undefined;
    for (const id of [...this.#waiting]) settled(id)?.reject(gone);
    this.onGone(gone);
  }
}
