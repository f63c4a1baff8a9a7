import { Admin } from '@platformatic/kafka';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { dial, Registry, type Connection } from '@omnidial/core';
import { kafkaDriver } from '../src/driver.js';
import { requireService, uniqueName } from '@omnidial/test-infra/vitest';

// The offset committer (src/commits.ts) seen from the broker: what a group has committed while
// its connection stays open, read with an admin client (docs/mutation.md, kafka).
vi.setConfig({ testTimeout: 90_000 });
const registry = new Registry().register(kafkaDriver);
const url = requireService('kafka');
const opened: Connection[] = [];
const open = async (address: string): Promise<Connection> => {
  const conn = await dial(address, { registry, timeout: 30 });
  opened.push(conn);
  return conn;
};
const until = async (check: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> => {
  for (const end = Date.now() + ms; !(await check()); await new Promise((r) => setTimeout(r, 50))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
};
let admin: Admin | undefined;
/** What `group` has committed on `topic` (its only partition), if anything. */
const commit = async (group: string, topic: string) => {
  admin ??= new Admin({ clientId: 'commits-test', bootstrapBrokers: [url!.replace('kafka://', '')] });
  const [found] = await admin.listConsumerGroupOffsets({ groups: [group] });
  return found?.topics.find((t) => t.name === topic)?.partitions[0];
};
/** The offset `group` has committed on `topic`, or -1 when none. */
const committed = async (group: string, topic: string): Promise<bigint> =>
  (await commit(group, topic))?.committedOffset ?? -1n;
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await admin?.close();
});

describe.runIf(url !== undefined)('kafka offset commits', () => {
  it('commits what was read while the connection stays open, batch after batch; never what is unread', async () => {
    const topic = uniqueName('commits');
    const group = uniqueName('g');
    const conn = await open(`${url}/${topic}?group=${group}&from=earliest`);
    await Promise.all(Array.from({ length: 10 }, (_, i) => conn.write(`c-${i}`)));
    await until(() => conn.stats().received === 10, '10 messages received');
    expect([await conn.read(-1), await conn.read(-1), await conn.read(-1)]).toEqual(['c-0', 'c-1', 'c-2']);
    await until(async () => (await committed(group, topic)) === 3n, 'offset 3 committed (3 read)');
    // A second batch, read after the first commit completed: the committer schedules again.
    expect(await conn.read(-1)).toBe('c-3');
    await until(async () => (await committed(group, topic)) === 4n, 'offset 4 committed (4 read)');
    expect([await conn.read(-1), await conn.read(-1)]).toEqual(['c-4', 'c-5']);
    await until(async () => (await committed(group, topic)) === 6n, 'offset 6 committed (6 read)');
    await conn.close(); // 4 received and unread: released, not committed
    // No leader epoch is claimed (-1): a client resuming from this commit has nothing to validate it against.
    expect(await commit(group, topic)).toMatchObject({ committedOffset: 6n, committedLeaderEpoch: -1 });
  });
});
