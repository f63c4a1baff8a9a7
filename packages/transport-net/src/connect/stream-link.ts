import type { Socket } from 'node:net';
import {
  BatchFailure,
  STREAM_METADATA,
  StreamMessages,
  type MessageLink,
  type LinkContext,
  writePromise,
} from '@omnidial/core/driver';
import { itemReachingMark, joinedBatch } from './batch-write.js';
import { DrainWaiter } from './drain.js';
import { toDialError } from './errors.js';
import type { ReusedReads } from './reused-reads.js';

/** How long `close()` lets queued bytes flush (and TLS send close_notify) before destroying. */
const CLOSE_GRACE_MS = 1000;

/**
 * Bytes a socket may hold queued before a write waits for it to drain (the ws link's mark too).
 * The socket's own mark, 16 KB, made every small write after the first 256 of a burst wait for
 * a `drain`: a promise per write that a burst's memory bound does not need.
 */
export const HIGH_WATER = 1024 * 1024;

/** The link of each socket, for the shared listeners. */
const links = new WeakMap<Socket, StreamLink>();

/**
 * The {@link MessageLink} of a connected byte stream (tcp, tls, unix). Each received chunk is one
 * message (a multi-byte character split across chunks is held back until complete); writes
 * resolve once the socket accepted the bytes, waiting for `drain` while it holds {@link HIGH_WATER}
 * or more. A peer
 * close or socket error reports `context.lost`.
 */
export function streamLink(socket: Socket, context: LinkContext, peer: string, reads?: ReusedReads): MessageLink {
  return new StreamLink(socket, context, peer, reads);
}

/**
 * {@link streamLink}'s link: a class with shared socket listeners (found through `links`), so a
 * connection holds one object and no closures for its listeners and methods.
 */
class StreamLink implements MessageLink {
  readonly #socket: Socket;
  readonly #context: LinkContext;
  readonly #peer: string;
  readonly #messages: StreamMessages;
  /** Made by the first write that meets back-pressure. */
  #drain: DrainWaiter | undefined;
  #pendingBytes = 0;
  #failure: Error | undefined;
  #closing: Promise<void> | undefined;
  /** Set while the socket is corked for this turn's writes (see {@link StreamLink.#holdForTurn}). */
  #heldForTurn = false;
  /** The reused read buffer of a direct text stream (its socket emits no `data`). */
  readonly #reads: ReusedReads | undefined;

  constructor(socket: Socket, context: LinkContext, peer: string, reads: ReusedReads | undefined) {
    this.#socket = socket;
    this.#context = context;
    this.#peer = peer;
    this.#messages = new StreamMessages(context.options.binary === true);
    this.#reads = reads;
    links.set(socket, this);
    if (reads === undefined) socket.on('data', StreamLink.#onData);
    else reads.attach((view) => this.#received(view, true));
    socket.on('end', StreamLink.#onEnd);
    socket.on('error', StreamLink.#onError);
    socket.on('close', StreamLink.#onClose);
  }

  static #onData(this: Socket, chunk: Buffer): void {
    links.get(this)!.#received(chunk, false);
  }

  /**
   * A received chunk as a message. A `borrowed` chunk is the reused read buffer: what leaves as
   * bytes (not UTF-8 text) is copied first.
   */
  #received(chunk: Buffer, borrowed: boolean): void {
    this.#pendingBytes += chunk.length;
    let message = this.#messages.push(chunk);
    if (message === undefined) return;
    if (borrowed && message === chunk) message = Buffer.from(chunk);
    const bytes = this.#pendingBytes;
    this.#pendingBytes = 0;
    this.#context.deliver(message, bytes, undefined, STREAM_METADATA);
  }

  static #onEnd(this: Socket): void {
    const link = links.get(this)!;
    const rest = link.#messages.flush();
    if (rest !== undefined && link.#closing === undefined)
      link.#context.deliver(rest, link.#pendingBytes, undefined, STREAM_METADATA);
    link.#pendingBytes = 0;
  }

  static #onError(this: Socket, error: Error): void {
    const link = links.get(this)!;
    link.#failure ??= error;
  }

  static #onClose(this: Socket): void {
    const link = links.get(this)!;
    if (link.#closing !== undefined) return;
    const context = link.#context;
    context.lost(
      link.#failure === undefined
        ? context.error('Unavailable', `${link.#peer} closed the connection`)
        : toDialError(context, link.#failure, `connection to ${link.#peer} failed`),
    );
  }

  write(data: string | Uint8Array, signal?: AbortSignal): Promise<number> {
    return writePromise(() => this.#send(data, signal));
  }

  writeNow(data: string | Uint8Array): number | Promise<number> {
    return this.#send(data, undefined);
  }

  /**
   * One write of the joined batch when it is all strings and small ({@link joinedBatch}), else one
   * corked turn: the batch leaves in one writev() instead of a syscall per item. Waits
   * for one `drain` if the socket then holds {@link HIGH_WATER} or more (the first item past the
   * mark is the one a failed wait names).
   */
  writeMany(items: readonly (string | Uint8Array)[], signal?: AbortSignal): Promise<number> {
    const socket = this.#socket;
    try {
      this.#checkWritable();
    } catch (error) {
      return Promise.reject(new BatchFailure(0, error));
    }
    let total = 0;
    let blocked = -1;
    const joined = joinedBatch(items);
    if (joined !== undefined) {
      const held = socket.writableLength;
      total = Buffer.byteLength(joined);
      if (!socket.write(joined) && socket.writableLength >= HIGH_WATER)
        blocked = itemReachingMark(items as readonly string[], held, HIGH_WATER);
    } else {
      socket.cork();
      for (let i = 0; i < items.length; i += 1) {
        const item = items[i]!;
        total += typeof item === 'string' ? Buffer.byteLength(item) : item.byteLength;
        if (!socket.write(item) && blocked === -1 && socket.writableLength >= HIGH_WATER) blocked = i;
      }
      socket.uncork();
    }
    if (blocked === -1) return Promise.resolve(total);
    const failed = (error: unknown): never => {
      throw new BatchFailure(blocked, error);
    };
    try {
      return this.#drained(total, signal).catch(failed);
    } catch (error) {
      return Promise.reject(error).catch(failed);
    }
  }

  /**
   * Hands `data` to the socket: its bytes at once while the socket holds less than
   * {@link HIGH_WATER}, else once it drained. (A `drain` comes only after a write the socket
   * refused, so the wait needs both.)
   */
  #send(data: string | Uint8Array, signal: AbortSignal | undefined): number | Promise<number> {
    this.#checkWritable();
    const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    const socket = this.#socket;
    if (!this.#heldForTurn) this.#holdForTurn();
    return socket.write(data) || socket.writableLength < HIGH_WATER ? bytes : this.#drained(bytes, signal);
  }

  /**
   * Corks the socket until the synchronous code that is writing returns (a microtask uncorks it):
   * the writes of a burst (a loop, or writes awaited together) leave in one writev() instead of a
   * syscall (and, on TLS, a record) each. The microtask runs before any code that awaits one of
   * these writes, so a write that resolved has left the buffer (ADR 0299).
   */
  #holdForTurn(): void {
    this.#heldForTurn = true;
    this.#socket.cork();
    queueMicrotask(() => StreamLink.#releaseTurn(this));
  }

  static #releaseTurn(link: StreamLink): void {
    link.#heldForTurn = false;
    link.#socket.uncork();
  }

  /** @throws the DialError `write()` rejects with on a link that can no longer send. */
  #checkWritable(): void {
    const socket = this.#socket;
    if (this.#closing !== undefined || socket.destroyed || !socket.writable) {
      throw this.#context.error('Unavailable', `connection to ${this.#peer} is not writable`);
    }
  }

  /** `bytes` once the socket drained; a DialError if it closed with bytes unsent. */
  #drained(bytes: number, signal: AbortSignal | undefined): Promise<number> {
    return (this.#drain ??= new DrainWaiter(this.#socket)).wait(signal).then((flushed) => {
      if (flushed) return bytes;
      throw this.#failure === undefined
        ? this.#context.error('Unavailable', `${this.#peer} closed the connection during a write`)
        : toDialError(this.#context, this.#failure, `write to ${this.#peer} failed`);
    });
  }

  /** Reading stops while the core's queue is full: TCP back-pressure reaches the peer. */
  pause(): void {
    if (this.#closing === undefined) this.#socket.pause();
  }

  resume(): void {
    if (this.#closing === undefined) this.#socket.resume();
  }

  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      const socket = this.#socket;
      socket.off('data', StreamLink.#onData);
      this.#reads?.detach();
      if (socket.destroyed) return resolve();
      const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.end(() => socket.destroy());
    });
    return this.#closing;
  }
}
