import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Connection } from '@omnidial/core';
import { recordLine } from '@omnidial/replay';
import { UsageError } from './args.js';
import type { ExitCode } from './exit-codes.js';
import { pipe, type PipeContext } from './pipe.js';

/**
 * `omnidial record ADDRESS --out feed.jsonl`: every received message becomes one line
 * `{"t":<receive time, ms since the epoch>,"text"|"base64":…}` (the `replay://` format),
 * until `--count`, `--until`, `--timeout`, the source ending, or Ctrl-C. stdin is not read.
 * The file is flushed and closed before the exit code is returned.
 */
export async function record(conn: Connection, ctx: PipeContext): Promise<ExitCode> {
  const out = ctx.args.out;
  if (out === undefined) throw new UsageError('record needs --out FILE (the recording, JSON lines; "-" for stdout)');
  if (conn.kind === 'sql') throw new UsageError(`record reads messages; ${conn.scheme}:// is a database`);
  const file = out === '-' ? ctx.stdout : createWriteStream(out, { flags: 'w' });
  const opened = out === '-' ? Promise.resolve() : once(file, 'open');
  await opened.catch((error: unknown) => {
    throw new UsageError(`--out ${out}: cannot write it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  });
  let recorded = 0;
  const code = await pipe(conn, {
    ...ctx,
    args: { ...ctx.args, readOnly: true },
    sink: (message) => {
      recorded += 1;
      file.write(recordLine(message, performance.timeOrigin + performance.now()));
    },
  });
  if (file !== ctx.stdout) {
    file.end();
    await once(file, 'finish');
  }
  if (!ctx.args.quiet)
    ctx.stderr.write(`omnidial: recorded ${recorded} message${recorded === 1 ? '' : 's'} to ${out}\n`);
  return code;
}
