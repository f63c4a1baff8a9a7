import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

const MEMORY = 'sqlite3://:memory:';

// Each test spawns the CLI through tsx: on a loaded 2-core machine that alone can take 30 s.
describe.concurrent('omnidial CLI: SQL', { timeout: 120_000 }, () => {
  it('-e runs statements; JSON lines when piped; big integers exact', async () => {
    const { code, stdout, stderr } = await runCli([
      MEMORY,
      '-e',
      "CREATE TABLE t(a INTEGER, b TEXT); INSERT INTO t VALUES (1,'x;y'),(9007199254740993,'z')",
      '-e',
      'SELECT a, b FROM t ORDER BY a',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.at(-2)).toEqual({ a: 1, b: 'x;y' });
    expect(lines.at(-1)).toEqual({ a: '9007199254740993', b: 'z' });
  });

  it('--table prints an aligned table with a row count', async () => {
    const { code, stdout } = await runCli([
      MEMORY,
      '--table',
      '-e',
      "SELECT 1 AS id, 'alpha' AS name UNION ALL SELECT 22, NULL",
    ]);
    expect(code).toBe(0);
    expect(stdout).toBe('id  name\n--  -----\n1   alpha\n22  NULL\n(2 rows)\n');
  });

  it('reads statements from stdin, each ending with ";"', async () => {
    const input =
      "CREATE TABLE k(v TEXT);\nINSERT INTO k VALUES ('a;b');\n-- a comment; with a semicolon\nSELECT v FROM k\n;\nSELECT count(*) AS n FROM k\n";
    const { code, stdout } = await runCli([MEMORY, '--json'], { input });
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toContainEqual({ v: 'a;b' });
    expect(lines.at(-1)).toEqual({ n: 1 });
  });

  it('a failed statement prints the server message on stderr and exits 5', async () => {
    const { code, stdout, stderr } = await runCli([
      MEMORY,
      '-e',
      'SELECT 1 AS a; SELECT * FROM no_such_table; SELECT 2 AS b',
    ]);
    expect(code).toBe(5);
    expect(stderr).toContain('no such table');
    expect(stdout).toBe('{"a":1}\n');
  });

  it('--continue runs the rest but still exits 5', async () => {
    const { code, stdout } = await runCli([MEMORY, '--continue', '-e', 'SELECT * FROM nope; SELECT 2 AS b']);
    expect(code).toBe(5);
    expect(stdout).toBe('{"b":2}\n');
  });

  it.runIf(process.env.OMNIDIAL_TEST_POSTGRES_URL !== undefined || process.env.CI !== undefined)(
    'postgres from test-infra',
    async () => {
      const url = process.env.OMNIDIAL_TEST_POSTGRES_URL;
      expect(url, 'OMNIDIAL_TEST_POSTGRES_URL must be set in CI').toBeDefined();
      const { code, stdout, stderr } = await runCli([url!, '-e', 'SELECT 40 + 2 AS answer']);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(JSON.parse(stdout.trim())).toEqual({ answer: 42 });
    },
  );
});
