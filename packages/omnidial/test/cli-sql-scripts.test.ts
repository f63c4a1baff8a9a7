import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireService, uniqueTopic } from '@omnidial/test-infra/vitest';
import { runCli } from './support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'omnidial-sql-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const rows = (stdout: string): unknown[] =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);

describe.concurrent('omnidial CLI: SQL scripts (sqlite)', { timeout: 120_000 }, () => {
  it('-f runs a script with a trigger body and a trailing /* */ comment (exit 0)', async () => {
    const db = `sqlite3://${join(dir, 'trigger.db')}`;
    const script = file(
      'trigger.sql',
      [
        'CREATE TABLE ticks(sym TEXT, px REAL);',
        'CREATE TABLE counts(sym TEXT PRIMARY KEY, n INT);',
        'CREATE TRIGGER count_ticks AFTER INSERT ON ticks BEGIN',
        '  INSERT OR IGNORE INTO counts VALUES (new.sym, 0);',
        '  UPDATE counts SET n = n + CASE WHEN new.px > 0 THEN 1 ELSE 0 END WHERE sym = new.sym;',
        'END;',
        "INSERT INTO ticks VALUES ('BTC', 1), ('BTC', 2), ('ETH', -1); -- three ticks;",
        '/* done; nothing after this */',
      ].join('\n'),
    );
    const run = await runCli([db, '-f', script, '-e', 'SELECT sym, n FROM counts ORDER BY sym', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(rows(run.stdout).slice(-2)).toEqual([
      { sym: 'BTC', n: 2 },
      { sym: 'ETH', n: 0 },
    ]);
  });

  it('--csv prints a header and quoted fields; NULL empty; bytes base64; big integers exact', async () => {
    const run = await runCli([
      'sqlite3://:memory:',
      '--csv',
      '-e',
      "SELECT 'a,b' AS \"x,y\", 'say \"hi\"' AS q, NULL AS n, x'01ff' AS b, 9007199254740993 AS big, 'two\nlines' AS t",
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('"x,y",q,n,b,big,t\n"a,b","say ""hi""",,Af8=,9007199254740993,"two\nlines"\n');
  });

  it('a failed statement names the file and the statement number (exit 5)', async () => {
    const script = file('broken.sql', 'SELECT 1 AS a;\nSELECT * FROM nowhere;\nSELECT 3 AS c;\n');
    const run = await runCli(['sqlite3://:memory:', '-f', script]);
    expect(run.code).toBe(5);
    expect(run.stdout).toBe('{"a":1}\n');
    expect(run.stderr).toContain(`${script}, statement 2: Query`);
    expect(run.stderr).toContain('no such table: nowhere');
  });

  it('-f of a missing file is a usage error naming it (exit 1)', async () => {
    const run = await runCli(['sqlite3://:memory:', '-f', join(dir, 'absent.sql')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('absent.sql: cannot read it (no such file)');
  });

  it('stdin: a trigger typed over several lines runs once complete', async () => {
    const input =
      'CREATE TABLE t(a);\nCREATE TABLE l(a);\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN\n INSERT INTO l VALUES (new.a);\nEND;\nINSERT INTO t VALUES (7);\nSELECT a FROM l;\n/* bye */\n';
    const run = await runCli(['sqlite3://:memory:', '--json'], { input });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(rows(run.stdout).at(-1)).toEqual({ a: 7 });
  });

  it('--csv on a message scheme is a usage error', async () => {
    const run = await runCli(['udp://127.0.0.1:9', '--csv']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--csv is for SQL schemes');
  });
});

describe('omnidial CLI: SQL scripts (postgres)', { timeout: 120_000 }, () => {
  const url = requireService('postgres');
  if (url === undefined) return;
  it('-f: a plpgsql function in dollar quotes, an E-string, nested comments', async () => {
    const table = uniqueTopic('cli_pg');
    const script = file(
      `${table}.sql`,
      [
        `CREATE TABLE ${table}(v text);`,
        `CREATE FUNCTION ${table}_f(x int) RETURNS int LANGUAGE plpgsql AS $fn$`,
        'BEGIN',
        '  RETURN x * 2; -- a comment; inside',
        'END;',
        '$fn$;',
        `INSERT INTO ${table} VALUES (E'a\\';b'), ($$c;d$$); /* outer /* inner; */ still; */`,
        `SELECT ${table}_f(21) AS doubled, (SELECT string_agg(v, '|' ORDER BY v) FROM ${table}) AS vs;`,
        `DROP FUNCTION ${table}_f; DROP TABLE ${table};`,
      ].join('\n'),
    );
    const run = await runCli([url, '-f', script, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(rows(run.stdout)).toContainEqual({ doubled: 42, vs: "a';b|c;d" });
  });
});

describe('omnidial CLI: SQL scripts (mysql)', { timeout: 120_000 }, () => {
  const url = requireService('mysql');
  if (url === undefined) return;
  it('-f: a trigger with BEGIN … IF … END IF … END, with and without DELIMITER', async () => {
    const table = uniqueTopic('cli_my');
    const script = file(
      `${table}.sql`,
      [
        `CREATE TABLE ${table}(a INT, note VARCHAR(20)); # hash comment;`,
        `CREATE TRIGGER ${table}_t BEFORE INSERT ON ${table} FOR EACH ROW BEGIN`,
        "  IF NEW.a < 0 THEN SET NEW.a = 0; SET NEW.note = 'clamped;'; END IF;",
        'END;',
        'DELIMITER //',
        `CREATE PROCEDURE ${table}_p() BEGIN INSERT INTO ${table} VALUES (-5, NULL); INSERT INTO ${table} VALUES (3, 'it\\'s'); END//`,
        'DELIMITER ;',
        `CALL ${table}_p();`,
        `SELECT a, note FROM ${table} ORDER BY a;`,
        `DROP PROCEDURE ${table}_p; DROP TABLE ${table};`,
      ].join('\n'),
    );
    const run = await runCli([url, '-f', script, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = rows(run.stdout);
    expect(out).toContainEqual({ a: 0, note: 'clamped;' });
    expect(out).toContainEqual({ a: 3, note: "it's" });
  });
});
