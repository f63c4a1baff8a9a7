import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
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

async function readLoop(conn: Connection, ctx: PipeContext): Promise<ExitCode> {
  const { count, timeout, readMode, pollMs } = ctx.args;
  let received = 0;
  let lastMessageAt = Date.now();
  if (readMode !== 'wait') await sleep(pollMs);
  while (count === undefined || received < count) {
    const message = readMode === 'wait' ? await conn.read(timeout) : await conn.read(readMode);
    if (ctx.interrupted()) return EXIT.interrupted;
    if (message === null) {
      if (readMode === 'wait') return EXIT.timeout;
      if (timeout !== undefined && Date.now() - lastMessageAt >= timeout) return EXIT.timeout;
      await sleep(pollMs);
      continue;
    }
    if (message === '' && conn.state !== 'open') {
      if (conn.state !== 'reconnecting') return endCode(conn, ctx);
      await waitWhileReconnecting(conn);
      lastMessageAt = Date.now();
      continue;
    }
    received += 1;
    lastMessageAt = Date.now();
    ctx.status.clear();
    if (ctx.sink === undefined) output(message, conn.kind === 'stream', ctx);
    else ctx.sink(message);
    if (ctx.args.until?.test(typeof message === 'string' ? message : message.toString()) === true) return EXIT.ok;
    if (readMode !== 'wait') await sleep(pollMs);
  }
  return EXIT.ok;
}

function output(message: Message, stream: boolean, ctx: PipeContext): void {
  if (ctx.args.json) {
    const value = typeof message === 'string' ? message : { base64: message.toString('base64') };
    ctx.stdout.write(`${JSON.stringify(value)}\n`);
  } else if (stream) {
    ctx.stdout.write(message);
  } else {
    ctx.stdout.write(message);
    ctx.stdout.write('\n');
  }
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
