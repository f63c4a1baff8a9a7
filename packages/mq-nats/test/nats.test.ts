import { describe, expect, it } from 'vitest';
import { dial, Registry, type Connection } from '@omnidial/core';
import { restartService, startService, stopService } from '@omnidial/test-infra';
import { natsDriver } from '../src/driver.js';
import { requireService, sleep, uniqueTopic } from '@omnidial/test-infra/vitest';

const registry = new Registry().register(natsDriver);
const numbered = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `m${from + i}`);

/** Reads until every expected message was seen (or `ms` passed); returns every read, duplicates included. */
async function readAll(conn: Connection, expected: readonly string[], ms = 10_000): Promise<string[]> {
  const seen: string[] = [];
  const deadline = Date.now() + ms;
  while (!expected.every((m) => seen.includes(m)) && Date.now() < deadline) {
    const message = await conn.read(200);
    if (typeof message === 'string' && message !== '') seen.push(message);
    else if (message === '') await sleep(50);
  }
  return seen;
}

const url = requireService('nats');

if (url !== undefined) {
  describe('nats specifics (real nats-server)', () => {
    it('queue groups share the work: each message goes to one member', async () => {
      const topic = uniqueTopic();
      const a = await dial(`${url}?topic=${topic}&queue=workers`, { registry });
      const b = await dial(`${url}?topic=${topic}&queue=workers`, { registry });
      const writer = await dial(`${url}?topic=${topic}&echo=false`, { registry });
      for (const m of numbered(1, 40)) await writer.write(m);
      await sleep(300);
      const got = [...(await drain(a)), ...(await drain(b))];
      expect(got.sort()).toEqual(numbered(1, 40).sort());
      expect(a.stats().received).toBeGreaterThan(0);
      expect(b.stats().received).toBeGreaterThan(0);
      await Promise.all([a.close(), b.close(), writer.close()]);
    });

    it('connects through a list of servers when the first is down', async () => {
      const port = new URL(url).port;
      const conn = await dial(`nats://127.0.0.1:1,127.0.0.1:${port}?topic=${uniqueTopic()}`, { registry });
      await conn.write('via the second server');
      expect(await conn.read(2000)).toBe('via the second server');
      await conn.close();
    });

    it('JetStream: a durable reader resumes; what was read is never redelivered, what was not is', async () => {
      const topic = uniqueTopic('omnidial_js');
      const reader = `${url}?topic=${topic}&jetstream=true&durable=${uniqueTopic('d')}&ackWait=500`;
      const first = await dial(reader, { registry });
      const writer = await dial(`${url}?topic=${topic}&jetstream=true&echo=false`, { registry });
      for (const m of numbered(1, 10)) await writer.write(m);
      expect(await readAll(first, numbered(1, 3))).toEqual(numbered(1, 3));
      await first.close(); // m4..m10 unread: left unacknowledged
      for (const m of numbered(11, 15)) await writer.write(m);
      const second = await dial(reader, { registry });
      const seen = await readAll(second, numbered(4, 15));
      expect(new Set(seen)).toEqual(new Set(numbered(4, 15)));
      expect(seen.filter((m) => numbered(1, 3).includes(m))).toEqual([]);
      await Promise.all([writer.close(), second.close()]);
    });

    it('JetStream: messages queued before the server went away are still read', async () => {
      const topic = uniqueTopic('omnidial_js');
      const reader = await dial(`${url}?topic=${topic}&jetstream=true&ackWait=500`, { registry });
      const writer = await dial(`${url}?topic=${topic}&jetstream=true&echo=false`, { registry });
      const all = numbered(1, 5);
      for (const m of all) await writer.write(m);
      await writer.close();
      for (const end = Date.now() + 10_000; reader.stats().queued < all.length && Date.now() < end;) await sleep(50);
      await stopService('nats');
      try {
        for (const end = Date.now() + 10_000; reader.state === 'open' && Date.now() < end;) await sleep(50);
        const got: unknown[] = [];
        for (let i = 0; i < all.length; i += 1) got.push(await reader.read(-1));
        expect(got).toEqual(all);
      } finally {
        await startService('nats');
        await reader.close();
      }
    });

    it('JetStream across a server restart with reconnect=true: nothing unread is lost', async () => {
      const topic = uniqueTopic('omnidial_js');
      const reader = await dial(`${url}?topic=${topic}&jetstream=true&ackWait=500|reconnect=true&interval=100`, {
        registry,
      });
      const writer = await dial(`${url}?topic=${topic}&jetstream=true&echo=false`, { registry });
      const all = numbered(1, 30);
      for (const m of all) await writer.write(m);
      await writer.close();
      const before = await readAll(reader, numbered(1, 5));
      await restartService('nats');
      const after = await readAll(reader, numbered(6, 30), 20_000);
      const seen = [...before, ...after];
      expect(new Set(seen)).toEqual(new Set(all));
      console.info(`nats jetstream restart: ${seen.length - all.length} duplicate(s) of ${all.length}`);
      await reader.close();
    });

    it('JetStream: the receive queue never holds more than qsize (max_ack_pending), redeliveries included', async () => {
      const topic = uniqueTopic('omnidial_js');
      const reader = await dial(`${url}?topic=${topic}&jetstream=true&ackWait=500|qsize=3`, { registry });
      const writer = await dial(`${url}?topic=${topic}&jetstream=true`, { registry });
      const all = numbered(1, 30);
      for (const m of all) await writer.write(m);
      let most = 0;
      // Unread for several ackWaits: the server redelivers the 3 pending messages, more must not come.
      for (let i = 0; i < 40; i += 1) {
        most = Math.max(most, reader.stats().queued);
        await sleep(50);
      }
      expect(most).toBe(3);
      const seen = await readAll(reader, all, 20_000);
      expect(new Set(seen)).toEqual(new Set(all));
      await Promise.all([writer.close(), reader.close()]);
    });

    it('JetStream from=earliest reads what the stream held before; the default only new messages', async () => {
      const topic = uniqueTopic('omnidial_js');
      const writer = await dial(`${url}?topic=${topic}&jetstream=true&echo=false`, { registry });
      await writer.write('old');
      const latest = await dial(`${url}?topic=${topic}&jetstream=true`, { registry });
      const earliest = await dial(`${url}?topic=${topic}&jetstream=true&from=earliest`, { registry });
      expect(await earliest.read(3000)).toBe('old');
      expect(await latest.read(300)).toBeNull();
      await writer.write('new');
      expect(await latest.read(3000)).toBe('new');
      await Promise.all([writer.close(), latest.close(), earliest.close()]);
    });

    it('refuses to publish on a wildcard subject and reports an unreachable server', async () => {
      const conn = await dial(`${url}?topic=${uniqueTopic()}.>`, { registry });
      await expect(conn.write('x')).rejects.toMatchObject({ code: 'InvalidArgument' });
      await conn.close();
      const error = await dial('nats://127.0.0.1:1?topic=t', { registry, timeout: 3 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'DialError', code: 'Unavailable' });
    });
  });
}

async function drain(conn: Connection): Promise<string[]> {
  const out: string[] = [];
  for (let m = await conn.read(-1); typeof m === 'string' && m !== ''; m = await conn.read(-1)) out.push(m);
  return out;
}
