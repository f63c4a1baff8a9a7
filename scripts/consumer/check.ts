// Type-checked by scripts/consumer-test.sh with `customConditions: ["source"]`: the published
// exports must resolve to .d.ts files, never to TypeScript sources (ADR 0174).
import { dial, DialError, Registry, type Connection, type QueryResult } from 'omnidial';
import { defaultRegistry, isDialError } from '@omnidial/core';
import type { Driver, Endpoint } from '@omnidial/core/driver';
import { wsDriver } from '@omnidial/transport-ws';
import { sqliteDriver } from '@omnidial/db-sqlite';
import { netDrivers } from '@omnidial/transport-net';

export async function used(): Promise<string> {
  const conn: Connection = await dial('sqlite3://:memory:');
  const rows: QueryResult = await conn.exec('SELECT 1 AS one');
  const drivers: readonly Driver<Endpoint>[] = new Registry().register(wsDriver).register(sqliteDriver).drivers();
  const error: unknown = new DialError({ code: 'Timeout', message: 'x' });
  return `${JSON.stringify(rows)} ${drivers.length} ${netDrivers.length} ${defaultRegistry.schemes().length} ${isDialError(error)}`;
}
