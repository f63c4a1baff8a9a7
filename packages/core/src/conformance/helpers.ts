import { dial } from '../dial.js';
import type { Connection } from '../connection/connection.js';
import type { MessageMetadata, ReceivedMessage } from '../driver/metadata.js';
import { Registry } from '../registry.js';
import type { ConformanceInput } from './types.js';

/** Per-suite state shared by the parts. */
export interface Suite {
  input: ConformanceInput;
  registry: Registry;
  patienceMs: number;
  /** Dials a fresh harness address with extra `|` options; closes it after the test. */
  open(options?: string): Promise<Connection>;
  /** Closes `connection` after the test, like those `open` makes. */
  track(connection: Connection): void;
  /** Dials `address` with extra `|` options; closes it after the test. */
  openAt(address: string, options?: string): Promise<Connection>;
  /** Closes everything `open` made. */
  cleanup(): Promise<void>;
}

/** Builds the shared state of one conformance run. */
export function createSuite(input: ConformanceInput): Suite {
  const registry = new Registry().register(input.driver);
  const opened: Connection[] = [];
  return {
    input,
    registry,
    patienceMs: input.harness.patienceMs ?? 10_000,
    async open(options) {
      return this.openAt(await input.harness.address(), options);
    },
    async openAt(address, options) {
      const connection = await dial(withOptions(address, options), { registry });
      opened.push(connection);
      return connection;
    },
    track(connection) {
      opened.push(connection);
    },
    async cleanup() {
      await Promise.all(opened.splice(0).map((c) => c.close()));
    },
  };
}

/** Appends `|` options to an address that may already have some. */
export function withOptions(address: string, options: string | undefined): string {
  if (options === undefined || options === '') return address;
  if (address.includes('||')) return `${address}&${options}`;
  return address.includes('|') ? `${address}&${options}` : `${address}|${options}`;
}

/** Polls `condition` every 10 ms until it holds; throws after `timeoutMs` with `what`. */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Writes each message and waits until it has come back before the next, so each is one message. */
export async function echoEach(conn: Connection, messages: readonly string[], timeoutMs: number): Promise<void> {
  for (const message of messages) {
    const before = conn.stats().received;
    const written = await conn.write(message);
    if (written <= 0) throw new Error(`write of "${message}" returned ${written}`);
    await waitFor(() => conn.stats().received > before, timeoutMs, `the echo of "${message}"`);
  }
}

/** Text of a message, whatever its type. */
export function text(message: unknown): string {
  return Buffer.isBuffer(message) ? message.toString('utf8') : String(message);
}

/** A {@link ReceivedMessage} of one transport. */
export type ReceivedOf<T extends MessageMetadata['transport']> = Extract<MessageMetadata, { transport: T }> &
  ReceivedMessage;

/** Reads `count` messages with `readMessage()`; throws on `null`/`""` or a message of another transport. */
export async function readMessages<T extends MessageMetadata['transport']>(
  conn: Connection,
  transport: T,
  count: number,
  timeoutMs = 10_000,
): Promise<ReceivedOf<T>[]> {
  const out: ReceivedOf<T>[] = [];
  while (out.length < count) {
    const message = await conn.readMessage(timeoutMs);
    if (message === null || message === '')
      throw new Error(`readMessage gave ${JSON.stringify(message)} after ${out.length} of ${count}`);
    if (message.transport !== transport)
      throw new Error(`readMessage gave a ${message.transport} message, not ${transport}`);
    out.push(message as ReceivedOf<T>);
  }
  return out;
}
