import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import {
  DeliveryBatch,
  MAX_TEXT_BYTES,
  pipelineWrites,
  toMessage,
  WS_METADATA,
  writePromise,
  type DialError,
  type MessageLink,
  type LinkContext,
} from '@omnidial/core/driver';
import { deflate, inflate, InflateError } from './codec.js';
import type { WsEndpoint } from './endpoint.js';
import { Heartbeat, type HeartbeatTarget } from './heartbeat.js';
import { connectError, linkError, refusal } from './errors.js';

/**
 * Where a socket keeps its link, for the shared listeners: a property lookup, about half the cost
 * of a WeakMap's on every received frame.
 */
const LINK = Symbol('omnidial.wsLink');

/** A socket that carries its link. */
type Linked = WebSocket & { [LINK]: WsLink };

function linkOf(socket: WebSocket): WsLink {
  return (socket as Linked)[LINK];
}

/** Above this many buffered bytes, `write()` waits until the socket took the frame. */
const HIGH_WATER = 1024 * 1024;
/** How long `close()` waits for the closing handshake before cutting the socket. */
const CLOSE_GRACE_MS = 1000;

/**
 * One open WebSocket: turns frames into messages (inflating them when `compress` applies to
 * receiving), sends (compressing when it applies to sending), runs the heartbeat and reports
 * a dropped link to the core exactly once. It never reconnects by itself.
 */
export class WsLink implements MessageLink, HeartbeatTarget {
  readonly #socket: WebSocket;
  readonly #endpoint: WsEndpoint;
  readonly #context: LinkContext;
  readonly #heartbeat: Heartbeat;
  readonly #binary: boolean;
  readonly #pong: Buffer | undefined;
  /** The frames of one socket read, handed to the core together once the read is parsed. */
  readonly #received: DeliveryBatch;
  #open = false;
  #done = false;
  #failure: DialError | undefined;
  /** A drop that happened before `opened()`, reported once the core holds the link. */
  #pending: DialError | undefined;
  #closing: Promise<void> | undefined;
  /** How the opening handshake ends, while it runs ({@link handshake}). */
  #handshake: { resolve(): void; reject(error: unknown): void } | undefined;

  constructor(socket: WebSocket, endpoint: WsEndpoint, context: LinkContext) {
    this.#socket = socket;
    this.#endpoint = endpoint;
    this.#context = context;
    this.#binary = context.options.binary === true;
    const pong = endpoint.heartbeat.pongMessage;
    this.#pong = pong === undefined ? undefined : Buffer.from(pong, 'utf8');
    this.#heartbeat = new Heartbeat(endpoint.heartbeat, this);
    this.#received = new DeliveryBatch(context);
    // The listeners are shared functions that find this link on the socket: no closures per link.
    (socket as Linked)[LINK] = this;
    socket.on('open', WsLink.#onOpen);
    socket.on('unexpected-response', WsLink.#onRefused);
    socket.on('message', WsLink.#onMessage);
    socket.on('pong', WsLink.#onSeen);
    socket.on('ping', WsLink.#onSeen);
    socket.on('error', WsLink.#onError);
    socket.on('close', WsLink.#onClose);
  }

  static #onOpen(this: WebSocket): void {
    const link = linkOf(this);
    const handshake = link.#handshake;
    link.#handshake = undefined;
    handshake?.resolve();
  }

  static #onRefused(this: WebSocket, _request: unknown, response: IncomingMessage): void {
    const link = linkOf(this);
    const handshake = link.#handshake;
    if (handshake === undefined) response.destroy();
    else refusal(link.#context, response).catch(handshake.reject);
  }

  static #onMessage(this: WebSocket, data: Buffer, isBinary: boolean): void {
    linkOf(this).#message(data, isBinary);
  }

  static #onSeen(this: WebSocket): void {
    linkOf(this).#heartbeat.seen();
  }

  static #onError(this: WebSocket, error: Error): void {
    const link = linkOf(this);
    const context = link.#context;
    link.#failure ??= linkError(context, error);
    link.#handshake?.reject(connectError(context, error, new URL(link.#endpoint.url).host));
  }

  static #onClose(this: WebSocket, code: number, reason: Buffer): void {
    linkOf(this).#closed(code, reason);
  }

  /**
   * Waits for the opening handshake: resolves once the socket is open; rejects with the
   * connect error, the refused handshake's error, or the attempt's abort reason.
   */
  handshake(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const { signal } = this.#context;
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      this.#handshake = {
        resolve: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      };
    });
  }

  /** Called once the handshake succeeded: from now on a drop is reported to the core. */
  opened(): void {
    this.#open = true;
    const pending = this.#pending;
    // Reported on the next turn, when the core holds the link (a drop during connect() would be ambiguous).
    if (pending !== undefined) setImmediate(() => this.#context.lost(pending));
    else if (!this.#done) this.#heartbeat.start();
  }

  write(data: string | Uint8Array, signal?: AbortSignal): Promise<number> {
    return writePromise(() => this.#send(data, signal));
  }

  writeNow(data: string | Uint8Array): number | Promise<number> {
    return this.#send(data, undefined);
  }

  /** Sends every item in one corked turn of the underlying socket: the frames leave in one writev(). */
  writeMany(items: readonly (string | Uint8Array)[], signal?: AbortSignal): Promise<number> {
    const raw = (this.#socket as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
    raw?.cork();
    try {
      return pipelineWrites(items, (item) => this.#send(item, signal));
    } finally {
      raw?.uncork();
    }
  }

  /** Sends one frame: its bytes when the socket took it at once, else a wait under back-pressure. */
  #send(data: string | Uint8Array, signal: AbortSignal | undefined): number | Promise<number> {
    const socket = this.#socket;
    if (this.#done || socket.readyState !== WebSocket.OPEN) {
      throw this.#context.error('Unavailable', 'cannot write: the WebSocket is not open');
    }
    const bytes = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
    if (bytes > this.#endpoint.maxMessage) {
      throw this.#context.error(
        'ResourceExhausted',
        `cannot write ${bytes} bytes: over maxMessage=${this.#endpoint.maxMessage}`,
      );
    }
    const codec = this.#endpoint.deflate;
    const frame = codec === undefined ? data : deflate(codec, data);
    // Strings go out as text frames, bytes (and compressed messages) as binary frames.
    if (socket.bufferedAmount < HIGH_WATER) {
      socket.send(frame); // taken at once; a failure closes the socket and is reported as a drop
      return bytes;
    }
    return this.#drain(frame, bytes, signal);
  }

  /** Sends under back-pressure: resolves once the socket took the frame. */
  #drain(frame: string | Uint8Array, bytes: number, signal: AbortSignal | undefined): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const onAbort = (): void => reject(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#socket.send(frame, (error) => {
        signal?.removeEventListener('abort', onAbort);
        if (error === undefined || error === null) resolve(bytes);
        else reject(this.#context.error('Unavailable', `write failed: ${error.message}`, error));
      });
    });
  }

  /**
   * Stops reading the socket (TCP back-pressure reaches the server). The heartbeat rests
   * meanwhile: pongs are not read while paused, and silence is not a sign of a dead peer.
   */
  pause(): void {
    if (this.#done) return;
    this.#heartbeat.stop();
    this.#socket.pause();
  }

  resume(): void {
    if (this.#done) return;
    this.#socket.resume();
    this.#heartbeat.start();
  }

  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      this.#done = true;
      this.#heartbeat.stop();
      const socket = this.#socket;
      if (socket.readyState === WebSocket.CLOSED) return resolve();
      const grace = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
      socket.once('close', () => {
        clearTimeout(grace);
        resolve();
      });
      if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
      else if (socket.readyState === WebSocket.OPEN) socket.close(1000);
    });
    return this.#closing;
  }

  #message(data: Buffer, isBinary: boolean): void {
    this.#heartbeat.seen();
    if (this.#done) return;
    let bytes = data;
    const codec = this.#endpoint.inflate;
    if (isBinary && codec !== undefined) {
      try {
        bytes = inflate(codec, data, this.#endpoint.maxMessage);
      } catch (error) {
        const inflateError = error as InflateError;
        const tooLarge = inflateError.reason === 'tooLarge';
        this.#fail(
          this.#context.error(tooLarge ? 'ResourceExhausted' : 'Protocol', inflateError.message, error),
          false,
          tooLarge ? 1009 : 1007,
        );
        return;
      }
    }
    if (this.#pong !== undefined && bytes.length === this.#pong.length && bytes.equals(this.#pong)) return;
    // Text frames were validated as UTF-8 by ws; binary frames become text only when valid UTF-8.
    // `toString()` without an encoding is UTF-8 without Buffer's encoding lookup: ~30 ns a frame
    // less in a flood's process (bench/NOTES.md §38).
    const message =
      isBinary || this.#binary || bytes.length > MAX_TEXT_BYTES ? toMessage(bytes, this.#binary) : bytes.toString();
    this.#received.add(message, bytes.length, undefined, WS_METADATA);
  }

  /** Called by the heartbeat: sends one ping. */
  heartbeatPing(): void {
    const { type, message } = this.#endpoint.heartbeat;
    if (this.#socket.readyState !== WebSocket.OPEN) return;
    if (type === 'control') this.#socket.ping(message);
    else this.#socket.send(message);
  }

  /** Called by the heartbeat: the peer stayed silent after a ping; cut the link. */
  heartbeatDead(ms: number): void {
    const message = `the peer sent nothing (no pong, no data) for ${ms} ms after a ping: link presumed dead`;
    this.#fail(this.#context.error('Unavailable', message), true);
  }

  /** Drops the link for `error`: closes the socket (or cuts it when the peer is dead) and tells the core. */
  #fail(error: DialError, cut: boolean, code = 1000): void {
    if (this.#done) return;
    this.#done = true;
    this.#heartbeat.stop();
    if (cut) this.#socket.terminate();
    else this.#socket.close(code, error.code);
    this.#report(error);
  }

  #report(error: DialError): void {
    // What arrived before the drop reaches the queue before the drop is reported.
    this.#received.flush();
    if (this.#open) this.#context.lost(error);
    else this.#pending = error;
  }

  #closed(code: number, reason: Buffer): void {
    this.#heartbeat.stop();
    if (this.#done) return;
    this.#done = true;
    const why = reason.length > 0 ? `: ${reason.toString('utf8')}` : '';
    this.#report(
      this.#failure ?? this.#context.error('Unavailable', `the peer closed the connection (code ${code}${why})`),
    );
  }
}
