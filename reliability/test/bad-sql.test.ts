import { describe, expect, it } from 'vitest';
import { dial, isDialError } from '@omnidial/core';
import '@omnidial/db-sqlite';
import '@omnidial/db-postgres';
import '@omnidial/db-mysql';
import '@omnidial/db-clickhouse';
import { hasService, serviceUrl } from '@omnidial/test-infra';
import { DATABASES } from '../src/targets.js';

const BAD = ['SELEC 1', 'SELECT * FROM no_such_table_rel', "SELECT 'unterminated", 'SELECT 1; SELEC 2'];

async function checkBadSql(address: string): Promise<void> {
  const conn = await dial(address);
  try {
    for (const sql of BAD) {
      // A failing second statement must fail the call: running only the first would drop it silently.
      const error = await conn.exec(sql).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isDialError(error, 'Query') || isDialError(error, 'InvalidArgument'), `${sql}: ${String(error)}`).toBe(
        true,
      );
      expect((error as Error).message.length).toBeGreaterThan(10);
    }
    const wrongParams = await conn.exec('SELECT ?', Symbol('x') as unknown).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isDialError(wrongParams), String(wrongParams)).toBe(true);
    const still = await conn.exec('SELECT 1 AS one');
    expect(still.values.length).toBe(1);
  } finally {
    await conn.close();
  }
}

describe('bad input: SQL that fails rejects with DialError(Query) and the connection keeps working', () => {
  it('sqlite3://:memory:', async () => {
    await checkBadSql('sqlite3://:memory:');
  });
  for (const name of DATABASES) {
    if (hasService(name)) it(name, () => checkBadSql(serviceUrl(name)), 60_000);
    else if (process.env.CI)
      it(`${name} server is required in CI`, () => {
        throw new Error(`OMNIDIAL_TEST_${name.toUpperCase()}_URL not set`);
      });
    else it.skip(`${name} — skipped: no server (run through \`pnpm with-services\`)`, () => undefined);
  }
});
