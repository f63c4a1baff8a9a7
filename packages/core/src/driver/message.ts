import type { Message } from './types.js';

// Through process.getBuiltinModule(), not an ES import: the import's facade reads every export of
// node:buffer at every start, and File loads more modules that way (ADR 0311).
const { constants, isAscii, isUtf8 } = process.getBuiltinModule('node:buffer');

/**
 * The largest payload, in bytes, that can always become a JavaScript string (V8's string length
 * limit; a UTF-8 byte never makes more than one UTF-16 unit). Message size options should not
 * allow more; a bigger payload is delivered as a Buffer instead of throwing ERR_STRING_TOO_LONG.
 */
export const MAX_TEXT_BYTES = constants.MAX_STRING_LENGTH;

/**
 * From this size up, a payload is first checked for ASCII (one fast scan) and, when it is, copied
 * as latin1: ~30 % cheaper than UTF-8 decoding for a 16 KB chunk. Below it, the extra call costs
 * more than it saves.
 */
const ASCII_FIRST_BYTES = 1024;

/** UTF-8 text as `Buffer.toString` gives it: a leading byte order mark is kept, not stripped. */
const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * The last payload {@link toMessage} decoded was not UTF-8: the next one is checked before it is
 * decoded. Only a guess at which order of the two steps is cheaper; both give the same result.
 */
let lastInvalid = false;

/**
 * A received payload as a message: text when it is valid UTF-8, `binary` is off and it fits a
 * string ({@link MAX_TEXT_BYTES}), else the bytes (a Buffer over the same memory). Takes the
 * `Uint8Array` a client hands over as it is: no Buffer is made for text under 1 KB.
 */
export function toMessage(bytes: Uint8Array, binary: boolean): Message {
  const buffer = Buffer.isBuffer(bytes);
  if (binary || bytes.byteLength > MAX_TEXT_BYTES) return buffer ? bytes : asBuffer(bytes);
  if (bytes.byteLength >= ASCII_FIRST_BYTES && isAscii(bytes))
    return (buffer ? bytes : asBuffer(bytes)).toString('latin1');
  if (lastInvalid) {
    if (!isUtf8(bytes)) return buffer ? bytes : asBuffer(bytes);
    lastInvalid = false;
    return UTF8.decode(bytes);
  }
  // Decoding replaces each invalid sequence with U+FFFD, so text without one was valid and needs
  // no separate check (which cost as much as the decoding itself for a 64 B message); text with
  // one is checked, since U+FFFD is also a valid character.
  const text = UTF8.decode(bytes);
  if (text.indexOf('\uFFFD') === -1 || isUtf8(bytes)) return text;
  lastInvalid = true;
  return buffer ? bytes : asBuffer(bytes);
}

/** A Buffer over the same memory as `bytes`. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Turns stream chunks into messages without splitting a multi-byte character across two
 * reads: an incomplete UTF-8 sequence at the end of a chunk is held back and put in front of
 * the next one. Chunks that are not text pass through as bytes, untouched.
 */
export class StreamMessages {
  readonly #binary: boolean;
  #carry: Buffer | undefined;

  constructor(binary: boolean) {
    this.#binary = binary;
  }

  /** The message for `chunk`, or undefined when all of it was held back. */
  push(chunk: Buffer): Message | undefined {
    if (this.#binary) return chunk;
    const bytes = this.#carry === undefined ? chunk : Buffer.concat([this.#carry, chunk]);
    this.#carry = undefined;
    if (bytes.length > MAX_TEXT_BYTES) return bytes;
    if (bytes.length >= ASCII_FIRST_BYTES && isAscii(bytes)) return bytes.toString('latin1');
    if (isUtf8(bytes)) return bytes.toString('utf8');
    const cut = incompleteTail(bytes);
    if (cut > 0 && isUtf8(bytes.subarray(0, bytes.length - cut))) {
      this.#carry = Buffer.from(bytes.subarray(bytes.length - cut));
      return bytes.length === cut ? undefined : bytes.toString('utf8', 0, bytes.length - cut);
    }
    return bytes;
  }

  /** Whatever was held back when the stream ended, as bytes. */
  flush(): Buffer | undefined {
    const rest = this.#carry;
    this.#carry = undefined;
    return rest;
  }
}

/** Bytes at the end of `bytes` that start a UTF-8 sequence not yet complete (0 to 3). */
function incompleteTail(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back += 1) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: look further back
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? back : 0;
  }
  return 0;
}
