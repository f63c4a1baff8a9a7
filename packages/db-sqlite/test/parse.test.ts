import { describe, expect, it } from 'vitest';
import { Registry, prepareDial } from '@omnidial/core';
import { sqliteDriver, type SqliteEndpoint } from '../src/index.js';

const registry = new Registry().register(sqliteDriver);
const parse = (address: string): SqliteEndpoint => prepareDial(address, { registry }).endpoint as SqliteEndpoint;

describe('sqlite3:// addresses', () => {
  it('reads every form of docs/design.md#databases', () => {
    expect(parse('sqlite3://test1.db').target).toEqual({
      kind: 'file',
      path: 'test1.db',
      readonly: false,
      mustExist: false,
    });
    expect(parse('sqlite3:///abs/path.db').target).toMatchObject({ kind: 'file', path: '/abs/path.db' });
    expect(parse('sqlite3://:memory:').target).toMatchObject({ kind: 'memory', path: '' });
    expect(parse('sqlite3://file:test.db?cache=shared&mode=memory').target).toMatchObject({
      kind: 'shared-memory',
      path: 'test.db',
    });
    expect(parse('sqlite3://file:test.db?mode=memory').target).toMatchObject({ kind: 'memory' });
    expect(parse('sqlite3://data/ticks%20v2.db?mode=ro').target).toEqual({
      kind: 'file',
      path: 'data/ticks v2.db',
      readonly: true,
      mustExist: true,
    });
    expect(parse('sqlite://x.db|readonly=true').target.readonly).toBe(true);
  });

  it('rejects unknown keys and empty paths before any I/O', () => {
    expect(() => parse('sqlite3://file:test.db?cahce=shared')).toThrow(
      /unknown option "cahce" for sqlite3:\/\/; did you mean "cache"\?/,
    );
    expect(parse('sqlite3://file:shared1|mode=memory&cache=shared').target).toMatchObject({
      kind: 'shared-memory',
      path: 'shared1',
    });
    expect(parse('sqlite3://test1.db|mode=ro').target).toMatchObject({ kind: 'file', readonly: true, mustExist: true });
    expect(() => parse('sqlite3://x.db?mode=wr')).toThrow(/mode/);
    expect(() => parse('sqlite3://')).toThrow(/names no database file/);
    expect(() => parse('sqlite3://x.db|busy=-1')).toThrow(/busy/);
  });

  it('rejects a NUL byte in the path (it would cut the path and open another file)', () => {
    for (const address of ['sqlite3://ticks.db%00.evil', 'sqlite3://ticks.db\0.evil', 'sqlite3://file:a%00b?mode=ro']) {
      expect(() => parse(address), address).toThrow(
        expect.objectContaining({ code: 'InvalidArgument', message: expect.stringMatching(/NUL/) }),
      );
    }
  });
});
