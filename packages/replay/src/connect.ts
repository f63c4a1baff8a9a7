import { createReadStream } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Connector, Link, LinkContext, MessageLink } from '@omnidial/core/driver';
import type { ReplayEndpoint } from './driver.js';
import { parseRecordLine } from './recording.js';

/** Opens a recording and plays it into the receive queue. */
export const connector: Connector<ReplayEndpoint> = {
  async connect(endpoint, context) {
    try {
      await access(endpoint.path, constants.R_OK);
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      throw context.error(
        missing ? 'NotFound' : 'PermissionDenied',
        missing ? `no recording at ${endpoint.path}` : `cannot read ${endpoint.path}`,
        error,
      );
    }
    const player = new Player(endpoint, context);
    void player.run();
    return player;
  },
};

/**
 * Delivers the recording's messages on its timeline: message i is due at
 * `start + (t_i - t_0) / speed`. At most `qsize` messages wait unread (each is settled when
 * read() takes it), so nothing is ever dropped; a reader that falls behind gets the due
 * messages at once and playback catches up with the timeline.
 */
class Player implements MessageLink {
  readonly #endpoint: ReplayEndpoint;
  readonly #context: LinkContext;
  readonly #stop = new AbortController();
  readonly #window: number;
  #unread = 0;
  #slotFreed: (() => void) | undefined;

  constructor(endpoint: ReplayEndpoint, context: LinkContext) {
    this.#endpoint = endpoint;
    this.#context = context;
    this.#window = Math.max(1, Number(context.options.qsize ?? 2000));
  }

  async run(): Promise<void> {
    let played = 0;
    try {
      do {
        played += await this.#playOnce();
      } while (this.#endpoint.loop && played > 0 && !this.#stop.signal.aborted);
      if (this.#stop.signal.aborted) return;
      this.#context.lost(
        this.#context.error(
          'Closed',
          `end of recording ${this.#endpoint.path} (${played} message${played === 1 ? '' : 's'} played)`,
        ),
      );
    } catch (error) {
      if (this.#stop.signal.aborted) return;
      this.#context.lost(error);
    }
  }

  /** Plays the file once; resolves to the number of messages delivered. */
  async #playOnce(): Promise<number> {
    const { speed, path } = this.#endpoint;
    const stream = createReadStream(path, { encoding: 'utf8' });
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    const start = performance.now();
    let first: number | undefined;
    let n = 0;
    let lineNo = 0;
    try {
      for await (const line of lines) {
        lineNo += 1;
        if (this.#stop.signal.aborted) break;
        if (line.trim() === '') continue;
        let entry: ReturnType<typeof parseRecordLine>;
        try {
          entry = parseRecordLine(line);
        } catch (error) {
          throw this.#context.error('Protocol', `${path} line ${lineNo}: ${(error as Error).message}`, error);
        }
        first ??= entry.t;
        if (speed > 0) {
          const wait = start + (entry.t - first) / speed - performance.now();
          if (wait > 1) await sleep(wait, undefined, { signal: this.#stop.signal });
        }
        while (this.#unread >= this.#window)
          await new Promise<void>((resolve) => {
            this.#slotFreed = resolve;
          });
        if (this.#stop.signal.aborted) break;
        this.#unread += 1;
        const bytes = typeof entry.message === 'string' ? Buffer.byteLength(entry.message) : entry.message.length;
        this.#context.deliver(entry.message, bytes, () => this.#settled());
        n += 1;
      }
    } finally {
      lines.close();
      stream.destroy();
    }
    return n;
  }

  #settled(): void {
    this.#unread -= 1;
    const wake = this.#slotFreed;
    this.#slotFreed = undefined;
    wake?.();
  }

  /** A recording has nobody to send to: writes are accepted and discarded. */
  write(data: string | Uint8Array): Promise<number> {
    return Promise.resolve(typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength);
  }

  close(): Promise<void> {
    this.#stop.abort();
    const wake = this.#slotFreed;
    this.#slotFreed = undefined;
    wake?.();
    return Promise.resolve();
  }
}
