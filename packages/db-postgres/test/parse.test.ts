import { describe, expect, it } from 'vitest';
import { Registry, prepareDial } from '@omnidial/core';
import { postgresDriver, toNumbered, type PostgresEndpoint } from '../src/index.js';

const registry = new Registry().register(postgresDriver);
const parse = (address: string): PostgresEndpoint => prepareDial(address, { registry }).endpoint as PostgresEndpoint;

describe('postgres:// addresses', () => {
  it('reads the URL form, also postgresql://', () => {
    for (const scheme of ['postgres', 'postgresql']) {
      const e = parse(`${scheme}://user:p%40ss@db.local:6543/ticks?sslmode=disable&application_name=bot`);
      expect(e.target).toMatchObject({
        host: 'db.local',
        port: 6543,
        user: 'user',
        password: 'p@ss',
        database: 'ticks',
        ssl: 'disable',
        applicationName: 'bot',
      });
      expect(e.redacted).toBe(`${scheme}://user:***@db.local:6543/ticks?sslmode=disable&application_name=bot`);
      expect(e.secrets).toContain('p@ss');
    }
  });

  it('reads the lib/pq key=value DSN, quoted values too', () => {
    const e = parse('postgres://user=postgres dbname=db sslmode=disable password=pw host=localhost port=5432');
    expect(e.target).toMatchObject({
      host: 'localhost',
      port: 5432,
      user: 'postgres',
      password: 'pw',
      database: 'db',
      ssl: 'disable',
    });
    expect(e.redacted).not.toContain('pw ');
    const q = parse("postgres://user=u password='it\\'s secret' dbname=d sslmode=require");
    expect(q.target).toMatchObject({ password: "it's secret", ssl: 'require', port: 5432, host: '127.0.0.1' });
    expect(q.redacted).not.toContain('secret');
  });

  it('takes every lib/pq key after "|" as in the ?query; an option wins over the base', () => {
    const piped = parse('postgres://u:p@h/db|sslmode=require&application_name=bot&connect_timeout=4&port=6000');
    expect(piped.target).toMatchObject({
      ssl: 'require',
      applicationName: 'bot',
      connectTimeoutMs: 4000,
      port: 6000,
      database: 'db',
    });
    expect(parse('postgres://user=u dbname=a sslmode=disable|dbname=b&sslmode=verify-full').target).toMatchObject({
      database: 'b',
      ssl: 'verify',
    });
    expect(parse('postgres://u@h/db?password=p%40w').target.password).toBe('p%40w');
    expect(() => parse('postgres://u:p@h/db?connect_timeout=soon')).toThrow(/connect_timeout.*expects an integer/);
  });

  it('defaults: port 5432, database = user, TLS off', () => {
    expect(parse('postgres://bob@h').target).toMatchObject({
      port: 5432,
      database: 'bob',
      ssl: 'disable',
      password: '',
    });
  });

  it('rejects unknown keys and bad values before any I/O', () => {
    expect(() => parse('postgres://u:p@h/db?sslmod=disable')).toThrow(
      /unknown option "sslmod" for postgres:\/\/; did you mean "sslmode"\? known: .*application_name.*connect_timeout/,
    );
    expect(() => parse('postgres://u:p@h/db|sslmod=disable')).toThrow(/unknown option "sslmod"/);
    expect(() => parse('postgres://user=u dbnme=x')).toThrow(/unknown key "dbnme"/);
    expect(() => parse('postgres://u:p@h/db?sslmode=sometimes')).toThrow(/sslmode/);
    expect(() => parse('postgres://u:p@h:99999/db')).toThrow(/port/);
    expect(() => parse('postgres://u:secretpw@h/db?bad=1')).not.toThrow(/secretpw/);
  });
});

describe('? → $n', () => {
  it('numbers placeholders outside literals, identifiers and comments', () => {
    expect(toNumbered("SELECT ?, '?', \"?\", E'\\'?', $$?$$, $t$ ? $t$ -- ?\n, /* ? /* ? */ */ ?").sql).toBe(
      "SELECT $1, '?', \"?\", E'\\'?', $$?$$, $t$ ? $t$ -- ?\n, /* ? /* ? */ */ $2",
    );
  });
  it('leaves statements that already use $n alone (jsonb ? operators)', () => {
    expect(toNumbered("SELECT $1::jsonb ? 'k'").sql).toBe("SELECT $1::jsonb ? 'k'");
  });
});
