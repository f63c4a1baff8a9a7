/**
 * FMZ's SQLite example (made `await`-aware): create a table, insert a K-line, list the tables
 * through `sqlite_master`, read the row back. FMZ logs `null` on a failed statement; omnidial
 * throws a DialError with the database's message and code instead.
 *
 * Run: `pnpm exec tsx examples/sql/sqlite-fmz.ts [sqlite3 address]` (default `sqlite3://test1.db`,
 * a file in the working directory).
 */
import { Dial, lastDialError } from '@omnidial/core';
import '@omnidial/db-sqlite';

const address = process.argv[2] ?? 'sqlite3://test1.db';
const client = await Dial(address);
if (client === null) throw lastDialError();

const strSql = [
  'CREATE TABLE IF NOT EXISTS TEST_TABLE(',
  'TS INT PRIMARY KEY NOT NULL,',
  'HIGH REAL NOT NULL,',
  'OPEN REAL NOT NULL,',
  'LOW REAL NOT NULL,',
  'CLOSE REAL NOT NULL,',
  'VOLUME REAL NOT NULL)',
].join('');
console.log('create:', await client.exec(strSql));

const insert = await client.exec(
  'INSERT OR REPLACE INTO TEST_TABLE (TS, HIGH, OPEN, LOW, CLOSE, VOLUME) VALUES (?, ?, ?, ?, ?, ?)',
  1518970320000,
  100,
  99.1,
  90,
  100,
  12345.6,
);
console.log('insert:', insert);

const tables = await client.exec("SELECT name FROM sqlite_master WHERE type = 'table'");
console.log('tables:', JSON.stringify(tables));

const rows = await client.exec('SELECT * FROM TEST_TABLE WHERE TS = ?', 1518970320000);
console.log('rows:', JSON.stringify(rows));

const failed = await client
  .exec('SELECT * FROM NO_SUCH_TABLE')
  .catch((error: Error & { code?: string; serverCode?: unknown }) => error);
console.log(
  'failed statement:',
  failed instanceof Error ? `${failed.code} ${String(failed.serverCode)}: ${failed.message}` : failed,
);
await client.close();
