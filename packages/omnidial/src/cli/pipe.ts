import type { Connection, Message } from '@omnidial/core';
import type { CliArgs } from './args.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { StatusLine } from './status.js';

/** What the pipe needs besides the connection. */
export interface PipeContext {
  readonly args: CliArgs;
  readonly status: StatusLine;
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** True once SIGINT arrived. */
  readonly interrupted: () => boolean;
  /** Takes each received message instead of stdout (`omnidial record`). */
  readonly sink?: (message: Message) => void;
}

/**
 * Pipes stdin to `write()` and `read()` to stdout until `--count` is reached, a message
 * matches `--until`, `--timeout` passes without a message, the connection is lost, or (with
 * `--write-only`) stdin ends.
 */
export async function pipe(conn: Connection, ctx: PipeContext): Promise<ExitCode> {
  const writing = ctx.args.readOnly ? undefined : pump(conn, ctx);
  if (ctx.args.writeOnly) {
    await writing;
    return ctx.interrupted() ? EXIT.interrupted : EXIT.ok;
  }
  writing?.catch((error: unknown) => ctx.stderr.write(`omnidial: write failed: ${String(error)}\n`));
  return readLoop(conn, ctx);
}

/**
 * The most messages one read takes and one stdout write carries: large enough that the per-batch
 * cost vanishes, small enough that a batch never holds more than a few hundred kB of small messages
 * twice over (queued and joined). docs/decisions/0270.
 */
const PIPE_BATCH = 4096;

async function readLoop(conn: Connection, ctx: PipeContext): Promise<ExitCode> {
  if (ctx.args.readMode !== 'wait') return pollLoop(conn, ctx, ctx.args.readMode);
  const { count, timeout, until } = ctx.args;
  let received = 0;
  while (count === undefined || received < count) {
    // --until takes one message at a time: none after the match leaves the queue (or is acknowledged).
    const max = until === undefined ? Math.min(PIPE_BATCH, count === undefined ? PIPE_BATCH : count - received) : 1;
    const batch = await conn.readMany(max, timeout);
    if (ctx.interrupted()) return EXIT.interrupted;
    if (batch === null) return EXIT.timeout;
    if (batch.length === 0) {
      if (conn.state === 'reconnecting') await waitWhileReconnecting(conn);
      else if (conn.state !== 'open') return endCode(conn, ctx);
      continue;
    }
    received += batch.length;
    if (await deliver(batch, conn, ctx)) return EXIT.ok;
  }
  return EXIT.ok;
}

/** `--read-mode -1` / `-2`: one `read(mode)` per poll period, one message (or none) each. */
async function pollLoop(conn: Connection, ctx: PipeContext, mode: -1 | -2): Promise<ExitCode> {
  const { count, timeout, pollMs } = ctx.args;
  let received = 0;
  let lastMessageAt = Date.now();
  await sleep(pollMs);
  while (count === undefined || received < count) {
    const message = await conn.read(mode);
    if (ctx.interrupted()) return EXIT.interrupted;
    if (message === null) {
      if (timeout !== undefined && Date.now() - lastMessageAt >= timeout) return EXIT.timeout;
    } else if (message === '' && conn.state !== 'open') {
      if (conn.state !== 'reconnecting') return endCode(conn, ctx);
      await waitWhileReconnecting(conn);
      lastMessageAt = Date.now();
      continue;
    } else {
      received += 1;
      lastMessageAt = Date.now();
      if (await deliver([message], conn, ctx)) return EXIT.ok;
    }
    await sleep(pollMs);
  }
  return EXIT.ok;
}

/**
 * Hands `batch` to the sink, or writes it to stdout in one write (waiting for 'drain' when
 * stdout is full, so a slow reader of a pipe holds the messages in the bounded queue, not in
 * memory). With `--until`, stops after the first match; true when it matched.
 */
async function deliver(batch: readonly Message[], conn: Connection, ctx: PipeContext): Promise<boolean> {
  const { until } = ctx.args;
  const hit =
    until === undefined
      ? -1
      : batch.findIndex((message) => until.test(typeof message === 'string' ? message : message.toString()));
  const shown = hit === -1 ? batch : batch.slice(0, hit + 1);
  ctx.status.clear();
  if (ctx.sink !== undefined) {
    for (const message of shown) ctx.sink(message);
  } else if (!ctx.stdout.write(render(shown, conn.kind === 'stream', ctx.args.json))) {
    await drained(ctx.stdout);
  }
  return hit !== -1;
}

const NEWLINE = Buffer.from('\n');

/** What stdout shows for `batch`: one JSON value per line (--json), stream bytes as they came, else one message per line. */
function render(batch: readonly Message[], stream: boolean, json: boolean): string | Buffer {
  if (json) {
    let text = '';
    for (const message of batch) {
      text += `${JSON.stringify(typeof message === 'string' ? message : { base64: message.toString('base64') })}\n`;
    }
    return text;
  }
  if (allText(batch)) return stream ? batch.join('') : `${batch.join('\n')}\n`;
  const parts: Buffer[] = [];
  for (const message of batch) {
    parts.push(typeof message === 'string' ? Buffer.from(message) : message);
    if (!stream) parts.push(NEWLINE);
  }
  return Buffer.concat(parts);
}

/** True when every message is a string (a loop: `every()` with a callback cost ~5 % of a ws flood's CLI time). */
function allText(batch: readonly Message[]): boolean {
  for (let i = 0; i < batch.length; i += 1) if (typeof batch[i] !== 'string') return false;
  return true;
}

/** Resolves once `stream` can take more ('drain'), or is gone ('close'): never waits on a dead stdout. */
function drained(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/** node:timers/promises' setTimeout, without importing it at start-up. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitWhileReconnecting(conn: Connection): Promise<void> {
  while (conn.state === 'reconnecting') await sleep(50);
}

/** stdin -> write(): line by line for message schemes, raw chunks for streams. */
async function pump(conn: Connection, ctx: PipeContext): Promise<void> {
  const send = async (data: string | Buffer): Promise<void> => {
    const bytes = await conn.write(data);
    if (bytes === 0 && data.length > 0 && !ctx.args.quiet) ctx.stderr.write(`omnidial: not sent (${conn.state})\n`);
  };
  if (conn.kind === 'stream') {
    for await (const chunk of ctx.stdin) {
      if (ctx.interrupted()) return;
      await send(typeof chunk === 'string' ? chunk : Buffer.from(chunk));
    }
    return;
  }
  // Imported here: a --read-only pipe never loads readline (start-up time).
  const { createInterface } = await import('node:readline');
  const lines = createInterface({ input: ctx.stdin, crlfDelay: Infinity, terminal: false });
  for await (const line of lines) {
    if (ctx.interrupted()) return;
    await send(line);
  }
}

/** Why reading ended for good: Ctrl-C (130), a source that ended by design such as the end of a recording (0), or a lost link (4). */
function endCode(conn: Connection, ctx: PipeContext): ExitCode {
  if (conn.state === 'closed' && ctx.interrupted()) return EXIT.interrupted;
  return conn.stats().lastError?.code === 'Closed' ? EXIT.ok : EXIT.lost;
}
