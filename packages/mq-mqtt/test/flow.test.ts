import { describe, expect, it } from 'vitest';
import { dial, Registry, type Connection } from '@omnidial/core';
import { waitFor } from '@omnidial/core/conformance';
import { mqttDriver } from '../src/driver.js';
import { requireService, sleep, uniqueTopic } from '@omnidial/test-infra/vitest';

// Intake control of the MQTT link (link.ts pause/proceed/pinger, connect.ts settlerFor), found
// by mutation testing (docs/mutation.md): each test fails when that code is switched off.

const registry = new Registry().register(mqttDriver);

const numbered = (count: number): string[] => Array.from({ length: count }, (_, i) => `m${String(i).padStart(3, '0')}`);

/** Reads `count` messages (or until `ms` passed), in the order read. */
async function readCount(conn: Connection, count: number, ms = 10_000): Promise<string[]> {
  const seen: string[] = [];
  const deadline = Date.now() + ms;
  while (seen.length < count && Date.now() < deadline) {
    const message = await conn.read(200);
    if (typeof message === 'string' && message !== '') seen.push(message);
  }
  return seen;
}

const url = requireService('mqtt');

if (url !== undefined) {
  describe('mqtt intake control (real mosquitto)', () => {
    it('overflow=block at QoS 0: a paused link with no publish of its own pending takes nothing more in', async () => {
      const topic = uniqueTopic();
      const reader = await dial(`${url}?topic=${topic}&echo=false|qsize=5&overflow=block`, { registry });
      const writer = await dial(`${url}?topic=${topic}&echo=false`, { registry });
      const sent = numbered(100);
      try {
        await reader.write('own'); // a QoS 0 publish: nothing to wait for, nothing left pending
        await writer.writeMany(sent);
        await waitFor(() => reader.stats().paused, 5000, 'intake to stop');
        await sleep(500); // whatever the paused link still let through has arrived by now
        // No publish of the reader awaits a PUBACK, so nothing may pass the paused link.
        expect(reader.stats().queued).toBeLessThanOrEqual(6);
        expect(await readCount(reader, sent.length)).toEqual(sent);
        expect(reader.stats().dropped).toBe(0);
      } finally {
        await Promise.all([reader.close(), writer.close()]);
      }
    });

    it("a link paused for longer than 1.5 keep-alives stays connected (it holds off mqtt.js's keep-alive timeout)", async () => {
      const topic = uniqueTopic();
      const reader = await dial(`${url}?topic=${topic}&keepalive=1|qsize=2&overflow=block`, { registry });
      const writer = await dial(`${url}?topic=${topic}&echo=false`, { registry });
      const sent = numbered(10);
      try {
        await writer.writeMany(sent);
        await waitFor(() => reader.stats().paused, 5000, 'intake to stop');
        await sleep(3500); // mqtt.js gives up on a server silent for 1.5 keep-alives unless the link holds off its timer
        expect(reader.state).toBe('open');
        expect(await readCount(reader, sent.length)).toEqual(sent);
        expect(reader.state).toBe('open');
      } finally {
        await Promise.all([reader.close(), writer.close()]);
      }
    });

    it('QoS 1: a write of a paused link completes (its PUBACK waits behind the held message)', async () => {
      const topic = uniqueTopic();
      const reader = await dial(`${url}?topic=${topic}&qos=1&echo=false|qsize=2`, { registry });
      const writer = await dial(`${url}?topic=${topic}&qos=1&echo=false`, { registry });
      const sent = numbered(5);
      try {
        for (const m of sent) await writer.write(m);
        await waitFor(() => reader.stats().paused, 5000, 'intake to stop');
        expect(await reader.write('from the paused reader', 5000)).toBe('from the paused reader'.length);
        expect(await readCount(reader, sent.length)).toEqual(sent);
      } finally {
        await Promise.all([reader.close(), writer.close()]);
      }
    });

    it("QoS 1: a write's timeout ends it while it waits for the broker's receive maximum", async () => {
      const writer = await dial(`${url}?topic=${uniqueTopic()}&qos=1&echo=false`, { registry });
      try {
        // Past mosquitto's receive maximum (20) writes wait for PUBACKs, which take longer than 1 ms.
        const results = await Promise.allSettled(numbered(300).map((m) => writer.write(m, 1)));
        const timedOut = results.filter(
          (r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'Timeout',
        );
        expect(timedOut.length).toBeGreaterThan(0);
      } finally {
        await writer.close();
      }
    });

    it('QoS 2 messages are never dropped by a full queue (the broker completed them on receipt)', async () => {
      const topic = uniqueTopic();
      const reader = await dial(`${url}?topic=${topic}&qos=2|qsize=3`, { registry });
      const writer = await dial(`${url}?topic=${topic}&qos=2&echo=false`, { registry });
      const sent = numbered(30);
      try {
        await writer.writeMany(sent);
        await waitFor(() => reader.stats().paused, 5000, 'intake to stop');
        expect(await readCount(reader, sent.length)).toEqual(sent);
        expect(reader.stats().dropped).toBe(0);
      } finally {
        await Promise.all([reader.close(), writer.close()]);
      }
    });
  });
}
