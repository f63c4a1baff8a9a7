import type { Driver, Endpoint, Link, LinkContext } from '../../src/driver/index.js';
import { STREAM_METADATA } from '../../src/driver/metadata.js';
import { DialError } from '../../src/errors.js';
import { addressSecrets, redactAddress } from '../../src/address/index.js';

/**
 * An in-process peer for testing the core itself: `loop://name` connects to the LoopServer of
 * that name, which echoes every write and can be taken down and brought back.
 */
export class LoopServer {
  static readonly all = new Map<string, LoopServer>();
  up = true;
  connects = 0;
  /** Options the last link was opened with. */
  lastOptions: LinkContext['options'] | undefined;
  readonly received: string[] = [];
  /** Whether the core has paused intake, and how often it paused and resumed. */
  paused = false;
  pauses = 0;
  /** Connect attempts started, in flight now, and the most ever in flight at once. */
  attempts = 0;
  attempting = 0;
  mostAttempting = 0;
  resumes = 0;
  /** A write of exactly this text is refused (Protocol), as a peer rejecting one message would. */
  refuse: string | undefined;
  /** Links opened from now on have `writeNow` (a synchronous send), and how often it was called. */
  syncWrites = false;
  writeNowCalls = 0;
  /** `writeNow` answers with a promise (back-pressure) instead of the bytes. */
  slowWrites = false;
  /**
   * Writes wait until {@link releaseWrites}, as to a peer that stopped reading; the abort of a
   * write's signal rejects it with the signal's reason, as a driver's write does.
   */
  holdWrites = false;
  /** A write throws this as it is (not a DialError), as a client library's own failure would. */
  breakWrites: Error | undefined;
  readonly #held: (() => void)[] = [];
  /** Sent on every connect before the connect completes, as a server that greets first does. */
  greeting: string | undefined;
  readonly #links = new Set<LinkContext>();
  /** Links the core closed: {@link pushLate} still delivers through them. */
  readonly #closed = new Set<LinkContext>();

  constructor(readonly name: string) {
    LoopServer.all.set(name, this);
  }

  get linkCount(): number {
    return this.#links.size;
  }

  /** Sends a message to every connected link. */
  push(message: string | Buffer): void {
    for (const context of this.#links) context.deliver(message, Buffer.byteLength(message), undefined);
  }

  /** Sends a message that must be acknowledged; its settle outcome is pushed to `outcomes`. */
  pushAcked(message: string, outcomes: string[]): void {
    for (const context of this.#links)
      context.deliver(message, Buffer.byteLength(message), (o) => outcomes.push(`${message}:${o}`));
  }

  /** Sends messages to every connected link in one `deliverMany`; with `outcomes`, each must be acknowledged. */
  pushMany(messages: readonly string[], outcomes?: string[]): void {
    const sizes = messages.map((m) => Buffer.byteLength(m));
    const settles =
      outcomes === undefined
        ? undefined
        : messages.map(
            (m) =>
              (o: string): void =>
                void outcomes.push(`${m}:${o}`),
          );
    for (const context of this.#links) context.deliverMany([...messages], sizes, settles);
  }

  /** The context of a connected link (the first), for driver helpers under test. */
  context(): LinkContext {
    const [first] = this.#links;
    if (first === undefined) throw new Error(`loop server ${this.name}: no link`);
    return first;
  }

  /** Delivers through every link the core already closed, as a driver may with a message in flight. */
  pushLate(message: string, outcomes?: string[]): void {
    const settle = outcomes === undefined ? undefined : (o: string): void => void outcomes.push(`${message}:${o}`);
    for (const context of this.#closed) context.deliver(message, Buffer.byteLength(message), settle);
  }

  /** Lets every held write go on. */
  releaseWrites(): void {
    for (const release of this.#held.splice(0)) release();
  }

  /** Takes the server down: every link is lost and new connects fail. */
  drop(): void {
    this.up = false;
    for (const context of [...this.#links]) context.lost(new Error('server went away'));
    this.#links.clear();
  }

  restore(): void {
    this.up = true;
  }

  accept(context: LinkContext): Link {
    this.connects += 1;
    this.lastOptions = context.options;
    this.#links.add(context);
    if (this.greeting !== undefined) context.deliver(this.greeting, Buffer.byteLength(this.greeting), undefined);
    const send = (data: string | Uint8Array): number => {
      if (!this.#links.has(context)) throw context.error('Unavailable', 'the loop link is gone');
      const text = typeof data === 'string' ? data : Buffer.from(data);
      if (this.refuse !== undefined && String(text) === this.refuse)
        throw context.error('Protocol', `the peer refused "${this.refuse}"`);
      this.received.push(String(text));
      setImmediate(() => context.deliver(text, Buffer.byteLength(text), undefined, STREAM_METADATA));
      return Buffer.byteLength(text);
    };
    const writeNow = (data: string | Uint8Array): number | Promise<number> => {
      this.writeNowCalls += 1;
      const bytes = send(data);
      return this.slowWrites ? new Promise((resolve) => setImmediate(() => resolve(bytes))) : bytes;
    };
    return {
      write: async (data, signal) => {
        if (this.holdWrites) await this.#hold(signal);
        if (this.breakWrites !== undefined) throw this.breakWrites;
        return send(data);
      },
      ...(this.syncWrites ? { writeNow } : {}),
      pause: () => {
        this.paused = true;
        this.pauses += 1;
      },
      resume: () => {
        this.paused = false;
        this.resumes += 1;
      },
      close: async () => {
        this.#links.delete(context);
        this.#closed.add(context);
      },
    };
  }

  #hold(signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted();
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#held.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }
}

interface LoopEndpoint extends Endpoint {
  server: string;
  credentials: string | undefined;
}

/**
 * The driver for `loop://name`; `loop://name?delay=ms` delays connects. `loop://user:pass@name`
 * is refused the way a careless server refuses: quoting the credentials it was sent, as
 * written and as HTTP Basic, in the message and in the raw cause — what the core must redact.
 */
export const loopDriver: Driver<LoopEndpoint> = {
  name: 'loop',
  packageName: '@omnidial/core (tests)',
  schemes: ['loop'],
  description: 'in-process echo peer for core tests',
  capabilities: {
    kind: 'message',
    reconnect: true,
    acknowledgements: false,
    proxy: false,
    tls: false,
    payload: true,
    flowControl: true,
  },
  options: {},
  examples: ['loop://a'],
  parse({ scheme, base }) {
    const rest = base.slice('loop://'.length);
    const at = rest.lastIndexOf('@');
    const server = rest.slice(at + 1);
    if (server === '')
      throw new DialError({ code: 'InvalidArgument', op: 'parse', message: 'loop: missing server name' });
    const credentials = at < 0 ? undefined : rest.slice(0, at);
    return { scheme, server, credentials, redacted: redactAddress(base), secrets: addressSecrets(base) };
  },
  async load() {
    return {
      async connect(endpoint, context) {
        if (endpoint.credentials !== undefined) {
          const basic = Buffer.from(endpoint.credentials).toString('base64');
          const echo = `401 Unauthorized; you sent ${endpoint.credentials} (Authorization: Basic ${basic})`;
          throw context.error(
            'PermissionDenied',
            echo,
            Object.assign(new Error(echo), { sent: { auth: endpoint.credentials } }),
          );
        }
        const [name, delay] = endpoint.server.split('?delay=');
        const target = LoopServer.all.get(name!);
        if (target !== undefined) {
          target.attempts += 1;
          target.attempting += 1;
          target.mostAttempting = Math.max(target.mostAttempting, target.attempting);
        }
        try {
          if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, Number(delay)));
        } finally {
          if (target !== undefined) target.attempting -= 1;
        }
        const server = LoopServer.all.get(name!);
        if (server === undefined || !server.up) throw context.error('Unavailable', `no loop server "${name}" is up`);
        return server.accept(context);
      },
    };
  },
};
