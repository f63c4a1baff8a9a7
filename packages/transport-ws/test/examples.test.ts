import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs `examples/ws/<name>.ts --ms=<ms>` with tsx (TypeScript sources, no build) and returns its stdout. */
function runExample(name: string, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', `examples/ws/${name}.ts`, `--ms=${ms}`],
      {
        cwd: root,
        timeout: ms + 20_000,
        env: { ...process.env, NODE_OPTIONS: '' },
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${name} failed: ${error.message}\n${stderr}\n${stdout}`));
        else resolve(stdout);
      },
    );
  });
}

function counts(stdout: string): Record<string, number> {
  const done = stdout.split('\n').find((line) => line.includes(' done: '));
  expect(done, stdout).toBeDefined();
  return Object.fromEntries(
    [...done!.matchAll(/(\d+) ([a-z ]+?)(?:,|$)|([a-z]+)=(\d+)/g)].map((m) =>
      m[1] !== undefined ? [m[2]!.trim(), Number(m[1])] : [m[3]!, Number(m[4])],
    ),
  );
}

describe.concurrent('examples/ws run against their local feeds', () => {
  it('binance-ticker: tables of the newest snapshot, stale ones skipped', async () => {
    const out = await runExample('binance-ticker', 2500);
    expect(out).toMatch(/BTCUSDT/);
    const c = counts(out);
    expect(c.tables).toBeGreaterThan(3);
    expect(c['stale skipped']).toBeGreaterThan(0);
  });

  it('okx-public: raw-deflate tickers, pongs, and a reconnect with the subscription re-sent', async () => {
    const out = await runExample('okx-public', 4000);
    expect(out).toMatch(/event: subscribe/);
    expect(out).toMatch(/reconnected after \d+ ms/);
    const c = counts(out);
    expect(c.tickers).toBeGreaterThan(10);
    expect(c.pongs).toBeGreaterThan(3);
    expect(c.reconnects).toBeGreaterThanOrEqual(1);
  });

  it('huobi: gzip ticks, every ping answered, never kicked', async () => {
    const out = await runExample('huobi', 2500);
    expect(out).toMatch(/subscribed: market\.btcusdt\.detail/);
    const c = counts(out);
    expect(c.ticks).toBeGreaterThan(10);
    expect(c.pongs).toBeGreaterThanOrEqual(3);
    expect(c.reconnects).toBe(0);
  });

  it('okx-private: HMAC-signed login payload accepted, re-sent after the reconnect', async () => {
    const out = await runExample('okx-private', 3500);
    const c = counts(out);
    expect(c.logins).toBeGreaterThanOrEqual(2);
    expect(c['account updates']).toBeGreaterThan(5);
    expect(c.reconnects).toBeGreaterThanOrEqual(1);
  });

  it('backpack-private: ed25519-signed subscription accepted', async () => {
    const out = await runExample('backpack-private', 2000);
    expect(out).not.toMatch(/Invalid signature/);
    const c = counts(out);
    expect(c['order updates']).toBeGreaterThan(5);
    expect(c.quotes).toBeGreaterThan(5);
  });
});
