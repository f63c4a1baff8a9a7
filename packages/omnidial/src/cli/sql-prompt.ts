import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Connection } from '@omnidial/core';
import type { CliArgs } from './args.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { dialectOf } from './sql-dialects.js';
import { describeSqlError, renderResult, type SqlFormat } from './sql-output.js';
import { SqlSplitter } from './sql-splitter.js';
import { unguarded } from './safe-text.js';

/** What the prompt needs: the terminal, the output format and the environment (for the history file). */
export interface PromptContext {
  readonly args: CliArgs;
  readonly format: SqlFormat;
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
  readonly env?: NodeJS.ProcessEnv;
}

const HISTORY_LINES = 1000;
const QUIT = new Set(['.exit', '.quit', '\\q', 'exit', 'quit']);

/**
 * The interactive SQL prompt (stdin is a terminal): statements end with `;` and may span
 * lines (`...>` continues one), results print after each; a failed statement prints its
 * error and the prompt goes on. Up/down browse the history, kept in `~/.omnidial_history`
 * (or `$OMNIDIAL_HISTORY`; empty disables it). Ctrl-C drops the statement being typed,
 * Ctrl-D (or `.exit`, `\q`) leaves with exit code 0.
 */
export async function sqlPrompt(conn: Connection, ctx: PromptContext): Promise<ExitCode> {
  const env = ctx.env ?? process.env;
  const historyFile = env.OMNIDIAL_HISTORY ?? join(homedir(), '.omnidial_history');
  // Prompts go to stderr when stdout is piped, so `omnidial db | tee out` keeps a clean stdout.
  // readline's cursor control must reach the terminal; results still go through ctx.stdout.
  const output = unguarded(ctx.stdout.isTTY === true ? ctx.stdout : ctx.stderr);
  const rl = createInterface({
    input: ctx.stdin,
    output,
    terminal: true,
    historySize: HISTORY_LINES,
    history: loadHistory(historyFile),
    removeHistoryDuplicates: true,
  } as Parameters<typeof createInterface>[0]);
  const splitter = new SqlSplitter(dialectOf(conn.scheme));
  const main = `${conn.scheme}> `;
  const more = `${' '.repeat(Math.max(0, main.length - 5))}...> `;
  const prompt = (): void => {
    rl.setPrompt(splitter.pending ? more : main);
    // Keep the cursor where the typing left it: what was typed while a statement ran is still
    // in readline's line, and the next key belongs after it, not at its start.
    rl.prompt(true);
  };
  rl.on('SIGINT', () => {
    splitter.reset();
    rl.write(null, { ctrl: true, name: 'u' });
    output.write('^C\n');
    prompt();
  });
  output.write(`connected to ${conn.address}; end statements with ";", Ctrl-D to quit\n`);
  prompt();
  for await (const line of rl) {
    if (!splitter.pending && QUIT.has(line.trim())) break;
    if (line.trim() !== '') remember(historyFile, line);
    for (const sql of splitter.push(`${line}\n`)) {
      try {
        ctx.stdout.write(renderResult(await conn.exec(sql), ctx.format));
      } catch (error) {
        ctx.stderr.write(`${describeSqlError(error)}\n`);
      }
    }
    prompt();
  }
  rl.close();
  return EXIT.ok;
}

function loadHistory(file: string): string[] {
  if (file === '') return [];
  try {
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    const kept = lines.slice(-HISTORY_LINES);
    if (lines.length > 2 * HISTORY_LINES) writeFileSync(file, `${kept.join('\n')}\n`, { mode: 0o600 });
    return kept.reverse();
  } catch {
    return [];
  }
}

function remember(file: string, line: string): void {
  if (file === '') return;
  try {
    appendFileSync(file, `${line.replace(/\n/g, ' ')}\n`, { mode: 0o600 });
  } catch {
    // An unwritable history file must not break the session.
  }
}
