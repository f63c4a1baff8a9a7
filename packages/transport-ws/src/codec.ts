import { deflateRawSync, deflateSync, gzipSync, inflateRawSync, unzipSync, type ZlibOptions } from 'node:zlib';
import type { Codec } from './endpoint.js';

const MIN_CHUNK = 1024;
const MAX_CHUNK = 64 * 1024;

/** Why a received frame could not be turned into a message. */
export class InflateError extends Error {
  override readonly name = 'InflateError';
  /** `tooLarge`: over `maxMessage` once inflated; `corrupt`: not valid compressed data. */
  readonly reason: 'tooLarge' | 'corrupt';

  constructor(reason: 'tooLarge' | 'corrupt', message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.reason = reason;
  }
}

/**
 * Inflates one received binary frame. `gzip` and `deflate` accept either header (zlib's
 * `unzip` detects it), `gzip_raw` is raw DEFLATE with no header. Inflation stops as soon as
 * the output would exceed `maxMessage`, so a decompression bomb costs at most that much memory.
 * @throws InflateError
 */
export function inflate(codec: Codec, frame: Buffer, maxMessage: number): Buffer {
  // zlib allocates one output chunk per call (16 KiB by default): sizing it to the frame makes
  // small ticker frames ~1.6x faster to inflate, while big frames still get big chunks.
  const chunkSize = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, frame.length * 8));
  const options: ZlibOptions = { maxOutputLength: maxMessage, chunkSize };
  try {
    return codec === 'gzip_raw' ? inflateRawSync(frame, options) : unzipSync(frame, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new InflateError(
        'tooLarge',
        `a ${frame.length}-byte ${codec} frame inflates to more than maxMessage=${maxMessage} bytes`,
        error,
      );
    }
    throw new InflateError(
      'corrupt',
      `a ${frame.length}-byte binary frame is not valid ${codec} data: ${(error as Error).message}`,
      error,
    );
  }
}

/** Compresses one outgoing message with `codec` (mode=send|dual). */
export function deflate(codec: Codec, data: string | Uint8Array): Buffer {
  const input = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  switch (codec) {
    case 'gzip':
      return gzipSync(input);
    case 'gzip_raw':
      return deflateRawSync(input);
    case 'deflate':
      return deflateSync(input);
  }
}
