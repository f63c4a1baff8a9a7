import { describe, expect, it } from 'vitest';
import { Registry, prepareDial } from '@omnidial/core';
import { mysqlDriver, type MysqlEndpoint } from '../src/index.js';

const registry = new Registry().register(mysqlDriver);
const parse = (address: string): MysqlEndpoint => prepareDial(address, { registry }).endpoint as MysqlEndpoint;

describe('mysql:// addresses', () => {
  it('reads the URL form', () => {
    const e = parse('mysql://user:p%40ss@db.local:3307/ticks?charset=utf8mb4');
    expect(e.target).toMatchObject({
      host: 'db.local',
      port: 3307,
      user: 'user',
      password: 'p@ss',
      database: 'ticks',
      charset: 'utf8mb4',
      timezone: 'Z',
      tls: 'off',
    });
    expect(e.redacted).toBe('mysql://user:***@db.local:3307/ticks?charset=utf8mb4');
  });

  it('reads the Go-driver DSN with tcp(...) and unix(...)', () => {
    const e = parse('mysql://user:pa:ss@tcp(10.0.0.5:3306)/db?charset=utf8mb4&parseTime=true&loc=Local&timeout=5s');
    expect(e.target).toMatchObject({
      host: '10.0.0.5',
      port: 3306,
      user: 'user',
      password: 'pa:ss',
      database: 'db',
      timezone: 'local',
      connectTimeoutMs: 5000,
    });
    expect(e.redacted).not.toContain('pa:ss');
    const u = parse('mysql://root:pw@unix(/run/mysqld/mysqld.sock)/db');
    expect(u.target).toMatchObject({ socketPath: '/run/mysqld/mysqld.sock', database: 'db', user: 'root' });
    expect(parse('mysql://tcp(h:1)/d').target).toMatchObject({ host: 'h', port: 1, user: 'root', password: '' });
  });

  it('takes every Go-DSN key after "|" as in the ?query, with the same boolean spellings', () => {
    const piped = parse('mysql://u:p@h/db|charset=utf8mb4&loc=+08:00&timeout=2s&multiStatements=yes&tls=skip-verify');
    expect(piped.target).toMatchObject({
      charset: 'utf8mb4',
      timezone: '+08:00',
      connectTimeoutMs: 2000,
      multipleStatements: true,
      tls: 'skip-verify',
    });
    expect(parse('mysql://u:p@h/db?multiStatements=on').target.multipleStatements).toBe(true);
    expect(() => parse('mysql://u:p@h/db?charset=utf8&charset=latin1')).toThrow(/more than once/);
    expect(() => parse('mysql://u:p@h/db?charset=utf8|charset=latin1')).toThrow(/both in the URL query and after "\|"/);
  });

  it("keeps dial()'s timeout (seconds) apart from the DSN's timeout (a Go duration)", () => {
    const e = prepareDial('mysql://u:p@h/db?timeout=3s', { registry, timeout: 5 }).endpoint as MysqlEndpoint;
    expect(e.target.connectTimeoutMs).toBe(3000);
  });

  it('defaults: port 3306, user root, UTC', () => {
    expect(parse('mysql://h/db').target).toMatchObject({ host: 'h', port: 3306, user: 'root', timezone: 'Z' });
  });

  it('rejects unknown keys and bad values before any I/O', () => {
    expect(() => parse('mysql://u:p@h/db?charst=utf8')).toThrow(
      /unknown option "charst" for mysql:\/\/; did you mean "charset"\? known: .*collation.*multiStatements/,
    );
    expect(() => parse('mysql://u:p@h/db|charst=utf8')).toThrow(/unknown option "charst"/);
    expect(() => parse('mysql://u:p@h/db?multiStatements=maybe')).toThrow(/multiStatements.*expects a boolean/);
    expect(() => parse('mysql://u:p@tcp(h:3306)/db?timeout=soon')).toThrow(/timeout/);
    expect(() => parse('mysql://u:p@h/db?tls=maybe')).toThrow(/tls/);
    expect(() => parse('mysql://u:p@h/db|pool=0')).toThrow(/pool/);
  });
});
