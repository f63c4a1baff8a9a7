import { describe, expect, it } from 'vitest';
import { SqlSplitter, splitSql } from '../src/cli/sql-splitter.js';

describe('SQL statement splitter', () => {
  it('splits at ; outside strings and comments, skipping empty and comment-only statements', () => {
    expect(splitSql('SELECT \'a;b\'; -- x;y\nSELECT "c;" ;;  ;SELECT 3', 'generic')).toEqual([
      "SELECT 'a;b'",
      '-- x;y\nSELECT "c;"',
      'SELECT 3',
    ]);
    expect(splitSql("SELECT 'it''s;'; SELECT 2", 'generic')).toEqual(["SELECT 'it''s;'", 'SELECT 2']);
  });

  it('drops a trailing /* */ or -- comment instead of running it as a statement', () => {
    expect(splitSql('SELECT 1; /* the end; */', 'sqlite')).toEqual(['SELECT 1']);
    expect(splitSql('SELECT 1;\n-- done;\n', 'postgres')).toEqual(['SELECT 1']);
    expect(splitSql('SELECT 1; /* unterminated', 'sqlite')).toEqual(['SELECT 1']);
    expect(splitSql('SELECT 1 /* inline; */ + 1; SELECT 2', 'mysql')).toEqual([
      'SELECT 1 /* inline; */ + 1',
      'SELECT 2',
    ]);
  });

  it('sqlite: a trigger body BEGIN …; …; END is one statement, CASE … END inside it too; BEGIN alone is a transaction', () => {
    const trigger =
      "CREATE TEMP TRIGGER IF NOT EXISTS t_log AFTER INSERT ON t WHEN (new.a > 0) BEGIN\n  INSERT INTO log VALUES (new.a, CASE WHEN new.a > 1 THEN 'big;' ELSE 'small' END);\n  UPDATE c SET n = n + 1;\nEND";
    expect(splitSql(`CREATE TABLE t(a); ${trigger}; SELECT 1`, 'sqlite')).toEqual([
      'CREATE TABLE t(a)',
      trigger,
      'SELECT 1',
    ]);
    expect(splitSql('BEGIN; INSERT INTO t VALUES (1); COMMIT;', 'sqlite')).toEqual([
      'BEGIN',
      'INSERT INTO t VALUES (1)',
      'COMMIT',
    ]);
    expect(splitSql('CREATE TABLE trigger_log(end_at INT, [x;y] TEXT, `b;` INT); SELECT 1', 'sqlite')).toEqual([
      'CREATE TABLE trigger_log(end_at INT, [x;y] TEXT, `b;` INT)',
      'SELECT 1',
    ]);
  });

  it('postgres: dollar quotes (tagged and not), E-strings with backslashes, nested comments, BEGIN ATOMIC', () => {
    const fn = 'CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 1; END; $body$';
    expect(splitSql(`${fn}; SELECT $$a;b$$, $1`, 'postgres')).toEqual([fn, 'SELECT $$a;b$$, $1']);
    expect(splitSql("SELECT E'a\\';b'; SELECT 'c\\'; SELECT 3", 'postgres')).toEqual([
      "SELECT E'a\\';b'",
      "SELECT 'c\\'",
      'SELECT 3',
    ]);
    expect(splitSql('/* a /* nested; */ still; */ SELECT 1; SELECT 2', 'postgres')).toEqual([
      '/* a /* nested; */ still; */ SELECT 1',
      'SELECT 2',
    ]);
    const atomic =
      'CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); SELECT CASE WHEN true THEN 1 END; END';
    expect(splitSql(`${atomic}; SELECT 9`, 'postgres')).toEqual([atomic, 'SELECT 9']);
  });

  it('mysql: backslash escapes, # and "-- " comments, DELIMITER lines, BEGIN … END IF … END bodies', () => {
    expect(splitSql('SELECT \'a\\\';b\', "c\\";" # x;\n; SELECT 1--2;', 'mysql')).toEqual([
      'SELECT \'a\\\';b\', "c\\";" # x;',
      'SELECT 1--2',
    ]);
    const body =
      'CREATE DEFINER=`root`@`%` TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN\n IF NEW.a < 0 THEN SET NEW.a = 0; END IF;\n SET @n = @n + 1;\nEND';
    expect(splitSql(`${body}; SELECT 2`, 'mysql')).toEqual([body, 'SELECT 2']);
    expect(
      splitSql('DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; END//\nDELIMITER ;\nCALL p();', 'mysql'),
    ).toEqual(['CREATE PROCEDURE p() BEGIN SELECT 1; END', 'CALL p()']);
  });

  it('clickhouse: backslash escapes in strings and identifiers, heredocs', () => {
    expect(splitSql("SELECT 'a\\';' AS `x\\`;`; SELECT $h$;$h$", 'clickhouse')).toEqual([
      "SELECT 'a\\';' AS `x\\`;`",
      'SELECT $h$;$h$',
    ]);
  });

  it('fed line by line, each statement comes out as soon as it is complete', () => {
    const splitter = new SqlSplitter('sqlite');
    expect(splitter.push('CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n')).toEqual([]);
    expect(splitter.pending).toBe(true);
    expect(splitter.push('  SELECT 1;\n')).toEqual([]);
    expect(splitter.push("END; SELECT 'open\n")).toEqual([
      'CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  SELECT 1;\nEND',
    ]);
    expect(splitter.push("string;'; SELECT 3\n")).toEqual(["SELECT 'open\nstring;'"]);
    expect(splitter.end()).toEqual(['SELECT 3']);
    expect(splitter.pending).toBe(false);
  });
});
