import { createInterface } from 'node:readline';
import { isDialError, type Connection, type QueryResult } from '@omnidial/core';
import type { CliArgs } from './args.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { splitStatements } from './statements.js';
import { formatTable, jsonReplacer } from './table.js';

/** What the SQL runner needs besides the connection. */
export interface SqlContext {
  readonly args: CliArgs;
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
  readonly interrupted: () => boolean;
}

/**
 * Runs the `-e` statements, or the statements read from stdin (each ends with `;`; the last
 * one may omit it), printing each result as a table (terminal, `--table`) or JSON lines
 * (pipe, `--json`). Stops at the first failed statement unless `--continue`.
 */
export async function runSql(conn: Connection, ctx: SqlContext): Promise<ExitCode> {
  const table = ctx.args.table || (!ctx.args.json && ctx.stdout.isTTY === true);
  let failed = false;
  for await (const statement of statements(ctx)) {
    if (ctx.interrupted()) return EXIT.interrupted;
    try {
      const result = await conn.exec(statement);
      ctx.stdout.write(table ? renderTable(result) : renderJson(result));
    } catch (error) {
      failed = true;
      ctx.stderr.write(`omnidial: ${describe(error)}\n`);
      if (!ctx.args.continueOnError) return EXIT.query;
    }
  }
  return failed ? EXIT.query : EXIT.ok;
}

async function* statements(ctx: SqlContext): AsyncGenerator<string> {
  if (ctx.args.execute.length > 0) {
    for (const text of ctx.args.execute) {
      const { complete, rest } = splitStatements(text);
      yield* complete;
      if (rest.trim() !== '') yield rest.trim();
    }
    return;
  }
  let pending = '';
  for await (const line of createInterface({ input: ctx.stdin, crlfDelay: Infinity, terminal: false })) {
    const { complete, rest } = splitStatements(`${pending}${line}\n`);
    pending = rest;
    yield* complete;
  }
  const last = splitStatements(`${pending};`).complete;
  yield* last;
}

function renderTable(result: QueryResult): string {
  if (result.columns.length > 0) return formatTable(result.columns, result.values);
  const parts = [`OK`];
  if (result.affectedRows !== undefined) parts.push(`${result.affectedRows} row${result.affectedRows === 1 ? '' : 's'} affected`);
  if (result.lastInsertId !== undefined) parts.push(`last insert id ${String(result.lastInsertId)}`);
  return `${parts.join(', ')}\n`;
}

function renderJson(result: QueryResult): string {
  if (result.columns.length === 0) {
    return `${JSON.stringify({ affectedRows: result.affectedRows ?? 0, lastInsertId: result.lastInsertId }, jsonReplacer)}\n`;
  }
  return result.values.map((row) => {
    const object: Record<string, unknown> = {};
    result.columns.forEach((column, i) => { object[column] = row[i]; });
    return `${JSON.stringify(object, jsonReplacer)}\n`;
  }).join('');
}

function describe(error: unknown): string {
  if (isDialError(error)) {
    return `${error.code}${error.serverCode === undefined ? '' : ` [${error.serverCode}]`}: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
