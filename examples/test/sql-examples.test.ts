import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = fileURLToPath(new URL('../sql/', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'omnidial-sql-example-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Runs one example in its own process, on the TypeScript sources of the workspace packages. */
async function example(file: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--conditions=source', '--import', 'tsx', `${dir}${file}`, ...args], {
    timeout: 90_000,
    env: process.env,
  });
  return stdout;
}

describe('examples/sql', () => {
  it("FMZ's sqlite example: create, insert, list tables via sqlite_master, read back", async () => {
    const out = await example('sqlite-fmz.ts', `sqlite3://${join(temp, 'test1.db')}`);
    expect(out).toContain('insert: { columns: [], values: [], affectedRows: 1, lastInsertId: 1 }');
    expect(out).toContain('tables: {"columns":["name"],"values":[["TEST_TABLE"]]}');
    expect(out).toContain(
      'rows: {"columns":["TS","HIGH","OPEN","LOW","CLOSE","VOLUME"],"values":[[1518970320000,100,99.1,90,100,12345.6]]}',
    );
    expect(out).toMatch(/failed statement: Query SQLITE_ERROR: .*no such table: NO_SUCH_TABLE/);
  }, 90_000);

  it('the K-line recorder writes and reads back bars in every reachable database', async () => {
    const out = await example('kline-recorder.ts', '--minutes', '30');
    expect(out).toContain('sqlite3: wrote 30 bars; stored 30');
    for (const [name, variable] of [
      ['mysql', 'OMNIDIAL_TEST_MYSQL_URL'],
      ['postgres', 'OMNIDIAL_TEST_POSTGRES_URL'],
      ['clickhouse', 'OMNIDIAL_TEST_CLICKHOUSE_URL'],
    ] as const) {
      if (process.env[variable]) expect(out).toContain(`${name}: wrote 30 bars; stored 30`);
      else if (process.env.CI) throw new Error(`${variable} is not set in CI`);
    }
  }, 90_000);
});
