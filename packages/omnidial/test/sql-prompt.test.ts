import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { dial } from '../src/index.js';
import { parseCliArgs } from '../src/cli/args.js';
import { sqlPrompt } from '../src/cli/sql-prompt.js';

/** Resolves once `text` has been written to `sink`. */
function written(sink: PassThrough, text: string): Promise<void> {
  let seen = '';
  return new Promise((resolve) => {
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      if (!seen.includes(text)) return;
      sink.off('data', onData);
      resolve();
    };
    sink.on('data', onData);
  });
}

describe('SQL prompt (in process)', () => {
  it('keeps what is typed while a statement runs, in order: the next line ends where the typing left it', async () => {
    const conn = await dial('sqlite3://:memory:');
    const executed: string[] = [];
    let release!: () => void;
    let started!: () => void;
    const firstStarted = new Promise<void>((resolve) => (started = resolve));
    const held = new Promise<void>((resolve) => (release = resolve));
    // The real connection, with the first statement held until the typing ahead has arrived.
    // The prompt uses a connection's scheme, address and exec(): the real ones, with the first
    // statement held until the typing ahead has arrived.
    const slow = {
      scheme: conn.scheme,
      address: conn.address,
      exec: async (sql: string) => {
        executed.push(sql.trim());
        if (executed.length === 1) {
          started();
          await held;
        }
        return conn.exec(sql);
      },
    } as unknown as typeof conn;
    const stdin = new PassThrough();
    const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
    const stderr = new PassThrough();
    const session = sqlPrompt(slow, {
      args: parseCliArgs(['sqlite3://:memory:']),
      format: 'table',
      stdin,
      stdout,
      stderr,
      env: { OMNIDIAL_HISTORY: '' },
    });
    stdin.write('SELECT 1 AS first;\r');
    await firstStarted;
    stdin.write('SELECT 2 AS second'); // typed ahead, while the first statement runs
    await new Promise((resolve) => setImmediate(resolve));
    const shown = written(stdout, 'first');
    release();
    await shown;
    await new Promise((resolve) => setImmediate(resolve));
    // A terminal sends each key as it is typed: the ";" comes on its own, after the prompt.
    stdin.write(';');
    await new Promise((resolve) => setImmediate(resolve));
    const entered = written(stdout, '\r\n');
    stdin.write('\r');
    await entered;
    stdin.end(); // the prompt finishes the statement entered, then returns
    await session;
    await conn.close();
    expect(executed).toEqual(['SELECT 1 AS first', 'SELECT 2 AS second']);
  });
});
