import mysql from 'mysql2/promise';
import pg from 'pg';

/** PostgreSQL readiness: log in with the test user and run `SELECT 1`. */
export async function probePostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** MariaDB readiness: log in with the test user and run `SELECT 1`. */
export async function probeMysql(url: string): Promise<void> {
  const connection = await mysql.createConnection({ uri: url, connectTimeout: 3000 });
  try {
    await connection.query('SELECT 1');
  } finally {
    await connection.end().catch(() => undefined);
  }
}

/** Runs one ClickHouse statement over HTTP with user/password headers; returns the body. */
export async function clickhouseQuery(port: number, user: string, password: string, sql: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/`, {
    method: 'POST',
    headers: { 'X-ClickHouse-User': user, 'X-ClickHouse-Key': password },
    body: sql,
    signal: AbortSignal.timeout(3000),
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`ClickHouse HTTP ${response.status}: ${body.slice(0, 200)}`);
  return body;
}
