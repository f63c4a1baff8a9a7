import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Connection } from '@omnidial/core';
import { UsageError, type CliArgs } from './args.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { dialectOf } from './sql-dialects.js';
import { describeSqlError, renderResult, type SqlFormat } from './sql-output.js';
import { sqlPrompt } from './sql-prompt.js';
import { SqlSplitter, splitSql } from './sql-splitter.js';

/** What the SQL runner needs besides the connection. */
export interface SqlContext {
  readonly args: CliArgs;
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
  readonly interrupted: () => boolean;
}

/** One statement and where it came from, for error messages. */
interface Statement {
  readonly sql: string;
  readonly origin: string;
}

/**
 * Runs the `-e` statements and `-f` files in command-line order, or the statements read from
 * stdin (each ends with `;`; the last one may omit it), or an interactive prompt when stdin
 * is a terminal. Results print as a table (terminal, `--table`), JSON lines (pipe, `--json`)
 * or CSV (`--csv`). Stops at the first failed statement unless `--continue`.
 */
export async function runSql(conn: Connection, ctx: SqlContext): Promise<ExitCode> {
  const { args } = ctx;
  const format: SqlFormat = args.csv
    ? 'csv'
    : args.json
      ? 'json'
      : args.table || ctx.stdout.isTTY === true
        ? 'table'
        : 'json';
  if (args.sql.length === 0 && ctx.stdin.isTTY === true) return sqlPrompt(conn, { ...ctx, format });
  let failed = false;
  for await (const { sql, origin } of statements(conn.scheme, ctx)) {
    if (ctx.interrupted()) return EXIT.interrupted;
    try {
      ctx.stdout.write(renderResult(await conn.exec(sql), format));
    } catch (error) {
      failed = true;
      ctx.stderr.write(`omnidial: ${origin}: ${describeSqlError(error)}\n`);
      if (!args.continueOnError) return EXIT.query;
    }
  }
  return failed ? EXIT.query : EXIT.ok;
}

async function* statements(scheme: string, ctx: SqlContext): AsyncGenerator<Statement> {
  const dialect = dialectOf(scheme);
  if (ctx.args.sql.length > 0) {
    let e = 0;
    for (const source of ctx.args.sql) {
      const name = source.kind === 'text' ? `-e #${++e}` : source.value;
      const text = source.kind === 'text' ? source.value : await readSqlFile(source.value, ctx);
      let n = 0;
      for (const sql of splitSql(text, dialect)) yield { sql, origin: `${name}, statement ${++n}` };
    }
    return;
  }
  const splitter = new SqlSplitter(dialect);
  let n = 0;
  for await (const line of createInterface({ input: ctx.stdin, crlfDelay: Infinity, terminal: false })) {
    for (const sql of splitter.push(`${line}\n`)) yield { sql, origin: `stdin, statement ${++n}` };
  }
  for (const sql of splitter.end()) yield { sql, origin: `stdin, statement ${++n}` };
}

/** Reads a `-f` file; `-` is stdin. A file that cannot be read is a usage error naming it. */
async function readSqlFile(path: string, ctx: SqlContext): Promise<string> {
  if (path === '-') {
    let text = '';
    for await (const chunk of ctx.stdin)
      text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return text;
  }
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const reason =
      (error as { code?: string }).code === 'ENOENT'
        ? 'no such file'
        : error instanceof Error
          ? error.message
          : String(error);
    throw new SqlFileError(`-f ${path}: cannot read it (${reason})`);
  }
}

/** A `-f` file that cannot be read: a usage error (exit code 1). */
export class SqlFileError extends UsageError {}
