import { describe, expect, it } from 'vitest';
import { dial, Registry, type Connection } from '@omnidial/core';
import { restartService } from '@omnidial/test-infra';
import { mqttDriver } from '../src/driver.js';
import { requireService, sleep, uniqueTopic } from '@omnidial/test-infra/vitest';

const registry = new Registry().register(mqttDriver);

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

const numbered = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `m${from + i}`);

const url = requireService('mqtt');

if (url !== undefined) {
  describe('mqtt acknowledgements and sessions (real mosquitto)', () => {
    // More than the broker's Receive Maximum (mosquitto: 20) in flight: the link holds the rest back.
    it("writeMany and concurrent write() at QoS 2 past the broker's receive maximum: all arrive in order", async () => {
      const topic = uniqueTopic();
      const reader = await dial(`${url}?topic=${topic}&qos=2&qsize=1000`, { registry });
      const writer = await dial(`${url}?topic=${topic}&qos=2&echo=false`, { registry });
      const items = numbered(1, 300);
      expect(await writer.writeMany(items)).toBe(items.join('').length);
      const more = numbered(301, 400);
      expect(await Promise.all(more.map((m) => writer.write(m)))).toEqual(more.map((m) => m.length));
      const seen = await readAll(reader, [...items, ...more]);
      expect(seen).toEqual([...items, ...more]);
      await Promise.all([reader.close(), writer.close()]);
    });

    it('QoS 1: a resumed session redelivers what was received but not read, never what was read', async () => {
      const topic = uniqueTopic();
      const clientId = uniqueTopic('reader');
      const reader = `${url}?topic=${topic}&qos=1&clientId=${clientId}&clean=false`;
      const writer = await dial(`${url}?topic=${topic}&qos=1`, { registry });
      const first = await dial(reader, { registry });
      for (const m of numbered(1, 10)) await writer.write(m);
      expect(await readAll(first, numbered(1, 3))).toEqual(numbered(1, 3));
      await first.close(); // m4..m10 are queued, unread, unacknowledged
      for (const m of numbered(11, 15)) await writer.write(m); // published while the reader is away
      const second = await dial(reader, { registry });
      const seen = await readAll(second, numbered(4, 15));
      expect(new Set(seen)).toEqual(new Set(numbered(4, 15)));
      expect(seen.filter((m) => numbered(1, 3).includes(m))).toEqual([]);
      await Promise.all([writer.close(), second.close()]);
    });

    it('QoS 1 with clean=true: close() discards the session, so a later resume gets nothing that was left unread', async () => {
      const topic = uniqueTopic();
      const clientId = uniqueTopic('reader');
      const writer = await dial(`${url}?topic=${topic}&qos=1`, { registry });
      const first = await dial(`${url}?topic=${topic}&qos=1&clientId=${clientId}`, { registry });
      for (const m of numbered(1, 10)) await writer.write(m);
      expect(await readAll(first, numbered(1, 3))).toEqual(numbered(1, 3));
      await first.close(); // m4..m10 unread: the session (expiry 300 s) must not keep them
      const resumed = await dial(`${url}?topic=${topic}&qos=1&clientId=${clientId}&clean=false`, { registry });
      await writer.write('after');
      expect(await readAll(resumed, ['after'])).toEqual(['after']);
      await Promise.all([writer.close(), resumed.close()]);
    });

    it('QoS 1 across a broker restart with reconnect=true: nothing received-but-unread is lost', async () => {
      const topic = uniqueTopic();
      const reader = await dial(`${url}?topic=${topic}&qos=1|reconnect=true&interval=100`, { registry });
      const writer = await dial(`${url}?topic=${topic}&qos=1`, { registry });
      const all = numbered(1, 40);
      for (const m of all) await writer.write(m);
      await writer.close();
      const before = await readAll(reader, numbered(1, 5));
      expect(before).toEqual(numbered(1, 5));
      await restartService('mqtt');
      const after = await readAll(reader, numbered(6, 40), 15_000);
      const seen = [...before, ...after];
      expect(new Set(seen)).toEqual(new Set(all));
      // The queue may already hold every message before the drop is noticed: wait for the re-dial.
      for (const end = Date.now() + 15_000; reader.stats().reconnects < 1 && Date.now() < end;) await sleep(50);
      expect(reader.stats().reconnects).toBeGreaterThanOrEqual(1);
      console.info(`mqtt restart: ${seen.length - all.length} duplicate(s) of ${all.length}`);
      await reader.close();
    });

    it('a broker that goes away is reported as the reason of the re-dial, not as an empty error', async () => {
      const conn = await dial(`${url}?topic=${uniqueTopic()}|reconnect=true&interval=100`, { registry });
      const reasons: string[] = [];
      conn.on('reconnecting', ({ error }) => reasons.push(error?.message ?? 'no error'));
      try {
        await restartService('mqtt');
        for (const end = Date.now() + 10_000; reasons.length === 0 && Date.now() < end;) await sleep(50);
        expect(reasons[0]).toMatch(/^mqtt: link lost: connection closed by the broker \(/);
      } finally {
        await conn.close();
      }
    });

    it('a new reader sees only messages published after it connected; retained only on request', async () => {
      const topic = uniqueTopic();
      const writer = await dial(`${url}?topic=${topic}&retain=true`, { registry });
      await writer.write('retained-state');
      await writer.close();
      const plain = await dial(`${url}?topic=${topic}`, { registry });
      const wantsRetained = await dial(`${url}?topic=${topic}&retained=true`, { registry });
      expect(await wantsRetained.read(2000)).toBe('retained-state');
      expect(await plain.read(300)).toBeNull();
      const cleanup = await dial(`${url}?topic=${topic}&retain=true&echo=false`, { registry });
      await cleanup.write(''); // an empty retained message clears the retained state
      await Promise.all([plain.close(), wantsRetained.close(), cleanup.close()]);
    });

    it('subscribes to a wildcard filter but refuses to publish on it', async () => {
      const base = uniqueTopic();
      const filter = await dial(`${url}?topic=${base}/#`, { registry });
      const leaf = await dial(`${url}?topic=${base}/btc/price`, { registry });
      await leaf.write('42');
      expect(await filter.read(2000)).toBe('42');
      const refused = await filter.write('x').catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'InvalidArgument' });
      expect((refused as Error).message).toMatch(/cannot publish on the topic filter ".*\/#" \(it contains \+ or #\)/);
      const batch = await filter.writeMany(['x', 'y']).catch((e: unknown) => e);
      expect(batch).toMatchObject({ code: 'InvalidArgument' });
      await Promise.all([filter.close(), leaf.close()]);
    });

    it('echo=false does not receive its own publishes; two bots talk over one topic', async () => {
      const topic = uniqueTopic();
      const signal = await dial(`${url}?topic=${topic}&echo=false`, { registry });
      const exec = await dial(`${url}?topic=${topic}&echo=false`, { registry });
      await signal.write('BUY BTC');
      expect(await exec.read(2000)).toBe('BUY BTC');
      expect(await signal.read(300)).toBeNull();
      await Promise.all([signal.close(), exec.close()]);
    });

    it('reports an unreachable broker as Unavailable', async () => {
      const error = await dial('mqtt://127.0.0.1:1?topic=t', { registry, timeout: 3 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'DialError', code: 'Unavailable' });
    });
  });
}
