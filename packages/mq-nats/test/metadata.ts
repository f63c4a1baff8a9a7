import { describe, expect, it } from 'vitest';
import { connect, headers as natsHeaders } from '@nats-io/transport-node';
import { dial, Registry } from '@omnidial/core';
import { readMessages } from '@omnidial/core/conformance';
import { uniqueTopic } from '@omnidial/test-infra/vitest';
import { natsDriver } from '../src/driver.js';

const registry = new Registry().register(natsDriver);

/** readMessage() metadata against the real server; registered from conformance.test.ts. */
export function natsMetadataTests(url: string): void {
  describe('nats readMessage metadata (real nats-server)', () => {
    it('names the concrete subject of each message under * and > subscriptions', async () => {
      const base = uniqueTopic();
      const star = await dial(`${url}?topic=${base}.*.price`, { registry });
      const tail = await dial(`${url}?topic=${base}.>`, { registry });
      const btc = await dial(`${url}?topic=${base}.btc.price`, { registry });
      const eth = await dial(`${url}?topic=${base}.eth.price`, { registry });
      try {
        await btc.write('100');
        await eth.write('7');
        for (const reader of [star, tail]) {
          const got = (await readMessages(reader, 'nats', 2)).map((m) => [m.subject, m.data, m.headers, m.sequence]);
          expect(got.sort()).toEqual([
            [`${base}.btc.price`, '100', undefined, undefined],
            [`${base}.eth.price`, '7', undefined, undefined],
          ]);
        }
      } finally {
        await Promise.all([star.close(), tail.close(), btc.close(), eth.close()]);
      }
    });

    it('gives the headers of a message published with headers, every value of each', async () => {
      const subject = uniqueTopic();
      const reader = await dial(`${url}?topic=${subject}`, { registry });
      const raw = await connect({ servers: url.replace('nats://', '') });
      try {
        const h = natsHeaders();
        h.append('Trace-Id', 'abc');
        h.append('Tag', 'one');
        h.append('Tag', 'two');
        raw.publish(subject, 'with headers', { headers: h });
        await raw.flush();
        const [message] = await readMessages(reader, 'nats', 1);
        expect(message).toMatchObject({
          subject,
          data: 'with headers',
          headers: { 'Trace-Id': ['abc'], Tag: ['one', 'two'] },
        });
      } finally {
        await Promise.all([reader.close(), raw.close()]);
      }
    });

    it('JetStream: gives the stream sequence and the delivery count', async () => {
      const subject = uniqueTopic('omnidial_js');
      const conn = await dial(`${url}?topic=${subject}&jetstream=true`, { registry });
      try {
        await conn.write('js-1');
        await conn.write('js-2');
        const [first, second] = await readMessages(conn, 'nats', 2);
        expect(first).toMatchObject({ subject, data: 'js-1', deliveries: 1 });
        expect(first!.sequence).toBeGreaterThan(0);
        expect(second!.sequence).toBe(first!.sequence! + 1);
      } finally {
        await conn.close();
      }
    });
  });
}
