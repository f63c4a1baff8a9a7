import type { OnReadOpts } from 'node:net';
import type { NetEndpoint } from '../endpoint.js';

/**
 * Bytes of the buffer a text stream is read into. A socket read takes at most this much; 64 KB is
 * what libuv reads at a time when it allocates (a TLS record is 16 KB at most).
 */
const READ_BUFFER = 64 * 1024;

/** The one read buffer of every text stream in the process, made on first use. */
let sharedBuffer: Buffer | undefined;

/**
 * Reads of a text stream into one buffer shared by every text stream of the process (the `onread`
 * option of `net.connect()` and `tls.connect()`), instead of a new Buffer per read. Sharing is
 * safe because each read is turned into a string (or copied) inside its own callback, and the
 * next read of any socket comes from a later callback; a buffer per socket cost 64 KB for each
 * idle connection (ADR 0314). A new Buffer per read made a text flood cost a third more CPU per MB
 * (ADR 0313): its memory is outside the JavaScript heap and only freed by a collection.
 */
export class ReusedReads {
  /** The socket option that reads into the buffer. */
  readonly option: OnReadOpts;
  #sink: ((view: Buffer) => void) | undefined;
  /** Copies of reads that came before a sink was attached (the socket starts reading on connect). */
  #early: Buffer[] = [];

  constructor() {
    const buffer = (sharedBuffer ??= Buffer.allocUnsafe(READ_BUFFER));
    this.option = {
      buffer,
      callback: (length) => {
        const view = buffer.subarray(0, length);
        if (this.#sink === undefined) this.#early.push(Buffer.from(view));
        else this.#sink(view);
        return true;
      },
    };
  }

  /**
   * Hands every read to `sink` from now on, first what was read before. The view `sink` gets is
   * valid only during the call: the next read of any text stream overwrites it.
   */
  attach(sink: (view: Buffer) => void): void {
    this.#sink = sink;
    const early = this.#early;
    this.#early = [];
    for (const copy of early) sink(copy);
  }

  /** Drops every further read (the link is closing). */
  detach(): void {
    this.#sink = ignore;
    this.#early = [];
  }
}

function ignore(): void {}

/**
 * Reused reads for a direct text stream; undefined for a binary one (its reads are handed to the
 * reader, so each needs its own memory) and through a proxy (the SOCKS handshake reads the socket
 * before the link does, and `tls.connect()` ignores the option on a socket it is given).
 */
export function reusedReads(endpoint: NetEndpoint): ReusedReads | undefined {
  return endpoint.binary || endpoint.proxy !== undefined ? undefined : new ReusedReads();
}
