import { afterEach, describe, expect, it, vi } from 'vitest';
import { dial, Registry, type Connection } from '@omnidial/core';
import { restartService } from '@omnidial/test-infra';
import { kafkaDriver } from '../src/driver.js';
import { requireService, uniqueName } from '@omnidial/test-infra/vitest';

vi.setConfig({ testTimeout: 90_000 });
const registry = new Registry().register(kafkaDriver);
const url = requireService('kafka');
const opened: Connection[] = [];
const open = async (address: string): Promise<Connection> => {
  const conn = await dial(address, { registry, timeout: 30 });
  opened.push(conn);
  return conn;
};
const until = async (check: () => boolean, ms = 20_000): Promise<void> => {
  for (const end = Date.now() + ms; !check(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > end) throw new Error('timed out');
  }
};
/** Reads until `ms` pass without a message. */
const drain = async (conn: Connection, ms: number): Promise<string[]> => {
  const out: string[] = [];
  for (let m = await conn.read(ms); m !== null && m !== ''; m = await conn.read(ms)) out.push(String(m));
  return out;
};
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

describe.runIf(url !== undefined)('kafka driver', () => {
  it('every connection has its own group by default: two readers both see each message', async () => {
    const topic = uniqueName('fan');
    const a = await open(`${url}/${topic}`);
    const b = await open(`${url}/${topic}`);
    await a.write('to both');
    expect([await a.read(10_000), await b.read(10_000)]).toEqual(['to both', 'to both']);
  });

  it('a new reader starts at the end by default, at the beginning with from=earliest', async () => {
    const topic = uniqueName('from');
    const writer = await open(`${url}/${topic}`);
    await writer.write('old');
    const latest = await open(`${url}/${topic}`);
    const earliest = await open(`${url}/${topic}?from=earliest`);
    await writer.write('new');
    expect(await drain(latest, 1500)).toEqual(['new']);
    expect(await drain(earliest, 1500)).toEqual(['old', 'new']);
  });

  it('accepts a multi-broker address', async () => {
    const hosts = url!.replace('kafka://', '');
    const conn = await open(`kafka://${hosts},${hosts}/${uniqueName('multi')}`);
    await conn.write('via two brokers');
    expect(await conn.read(10_000)).toBe('via two brokers');
  });

  it('pauses fetching while qsize messages are unread: nothing is dropped', async () => {
    const conn = await open(`${url}/${uniqueName('bp')}|qsize=3`);
    await Promise.all(Array.from({ length: 8 }, (_, i) => conn.write(`m-${i}`)));
    await until(() => conn.stats().received >= 3);
    await new Promise((r) => setTimeout(r, 500));
    expect(conn.stats().dropped).toBe(0);
    expect(conn.stats().queued).toBeLessThanOrEqual(3);
    expect(await drain(conn, 3000)).toEqual(Array.from({ length: 8 }, (_, i) => `m-${i}`));
  });

  it('at-least-once: a group resumes after the last message read, not the last received', async () => {
    const topic = uniqueName('alo');
    const address = `${url}/${topic}?group=${uniqueName('g')}&from=earliest`;
    const first = await open(address);
    await Promise.all(Array.from({ length: 10 }, (_, i) => first.write(`x-${i}`)));
    await until(() => first.stats().received === 10);
    expect([await first.read(-1), await first.read(-1), await first.read(-1)]).toEqual(['x-0', 'x-1', 'x-2']);
    await first.close(); // 7 received, unread: their offsets were never committed
    const second = await open(address);
    expect(await drain(second, 3000)).toEqual(Array.from({ length: 7 }, (_, i) => `x-${i + 3}`));
  });

  it('at-least-once across a broker restart with reconnect=true; duplicates counted', async () => {
    const topic = uniqueName('restart');
    const conn = await open(`${url}/${topic}?group=${uniqueName('g')}|reconnect=true&interval=200`);
    await Promise.all(Array.from({ length: 6 }, (_, i) => conn.write(`d-${i}`)));
    await until(() => conn.stats().received === 6);
    expect([await conn.read(-1), await conn.read(-1)]).toEqual(['d-0', 'd-1']);
    await new Promise((r) => setTimeout(r, 300)); // let the commit reach the broker
    await restartService('kafka');
    await until(() => conn.state === 'open' && conn.stats().reconnects >= 1, 60_000);
    await conn.write('d-6');
    const got = await drain(conn, 3000);
    const unique = [...new Set(got)];
    expect(unique.sort()).toEqual(['d-2', 'd-3', 'd-4', 'd-5', 'd-6']);
    expect(got.length - unique.length).toBeLessThanOrEqual(4);
  });
});
