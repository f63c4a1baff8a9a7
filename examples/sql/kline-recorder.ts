/**
 * A K-line recorder: builds 1-minute candles from a stream of ticks and writes them into every
 * database it can reach — SQLite always, and MySQL/MariaDB, PostgreSQL and ClickHouse when
 * test-infra's `OMNIDIAL_TEST_*_URL` variables are set — with the same `exec(sql, ...params)`
 * code; only the address and the DDL differ. Ticks are generated locally (a random walk), so it
 * needs no network.
 *
 * Run: `pnpm with-services -- tsx examples/sql/kline-recorder.ts [--minutes N]`
 * (or without with-services for SQLite only).
 */
import { dial, type Connection } from '@omnidial/core';
import '@omnidial/db-sqlite';
import '@omnidial/db-mysql';
import '@omnidial/db-postgres';
import '@omnidial/db-clickhouse';

/** One candle. `ts` is the minute's start in ms since the epoch. */
interface Bar {
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

const minutesArg = process.argv.indexOf('--minutes');
const MINUTES = minutesArg > 0 ? Number(process.argv[minutesArg + 1]) : 120;
const SYMBOL = 'BTC_USDT';
const TABLE = `kline_${process.pid}`;

const COLUMNS = 'symbol, ts, open, high, low, close, volume';
const DDL: Record<string, string> = {
  sqlite3: `CREATE TABLE ${TABLE} (symbol TEXT, ts INTEGER, open REAL, high REAL, low REAL, close REAL, volume REAL, PRIMARY KEY (symbol, ts))`,
  mysql: `CREATE TABLE ${TABLE} (symbol VARCHAR(32), ts BIGINT, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE, PRIMARY KEY (symbol, ts))`,
  postgres: `CREATE TABLE ${TABLE} (symbol text, ts int8, open float8, high float8, low float8, close float8, volume float8, PRIMARY KEY (symbol, ts))`,
  clickhouse: `CREATE TABLE ${TABLE} (symbol String, ts Int64, open Float64, high Float64, low Float64, close Float64, volume Float64) ENGINE = MergeTree ORDER BY (symbol, ts)`,
};

/** Ticks of a seeded random walk, a few per second, folded into 1-minute bars. */
function* bars(minutes: number): Generator<Bar> {
  let seed = 42;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let price = 64_000;
  const start = Date.UTC(2024, 0, 1);
  for (let m = 0; m < minutes; m++) {
    const bar: Bar = { ts: start + m * 60_000, open: price, high: price, low: price, close: price, volume: 0 };
    for (let tick = 0; tick < 120; tick++) {
      price = Math.round((price + (random() - 0.5) * 20) * 100) / 100;
      bar.high = Math.max(bar.high, price);
      bar.low = Math.min(bar.low, price);
      bar.close = price;
      bar.volume = Math.round((bar.volume + random() * 0.5) * 1e4) / 1e4;
    }
    yield bar;
  }
}

function targets(): [string, string][] {
  const found: [string, string][] = [['sqlite3', 'sqlite3://:memory:']];
  for (const [name, variable] of [
    ['mysql', 'OMNIDIAL_TEST_MYSQL_URL'],
    ['postgres', 'OMNIDIAL_TEST_POSTGRES_URL'],
    ['clickhouse', 'OMNIDIAL_TEST_CLICKHOUSE_URL'],
  ] as const) {
    const url = process.env[variable];
    if (url) found.push([name, url]);
    else console.log(`${name}: skipped (${variable} not set; run through \`pnpm with-services -- ...\`)`);
  }
  return found;
}

async function record(name: string, db: Connection): Promise<void> {
  await db.exec(DDL[name]!);
  try {
    let written = 0;
    for (const bar of bars(MINUTES)) {
      await db.exec(
        `INSERT INTO ${TABLE} (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        SYMBOL,
        bar.ts,
        bar.open,
        bar.high,
        bar.low,
        bar.close,
        bar.volume,
      );
      written += 1;
    }
    const summary = await db.exec(
      `SELECT count(*) AS bars, min(low) AS low, max(high) AS high FROM ${TABLE} WHERE symbol = ?`,
      SYMBOL,
    );
    const last = await db.exec(`SELECT ts, close FROM ${TABLE} WHERE symbol = ? ORDER BY ts DESC LIMIT 1`, SYMBOL);
    const [bars_, low, high] = summary.values[0]!;
    const [ts, close] = last.values[0]!;
    console.log(
      `${name}: wrote ${written} bars; stored ${String(bars_)}, low ${String(low)}, high ${String(high)}, last ${new Date(Number(ts)).toISOString()} close ${String(close)}`,
    );
  } finally {
    await db.exec(`DROP TABLE ${TABLE}`);
  }
}

for (const [name, address] of targets()) {
  const db = await dial(address);
  try {
    await record(name, db);
  } finally {
    await db.close();
  }
}
