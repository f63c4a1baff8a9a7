import { expect, it } from 'vitest';
import type { Connection } from '../connection/connection.js';
import { echoEach, text, waitFor, type Suite } from './helpers.js';

const numbered = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

/** `readMany()` (DESIGN §3): up to `max` queued messages, oldest first, with the read table of `read()`. */
export function readMany(suite: Suite): void {
  it('gives up to max queued messages, oldest first, then the rest; null when nothing is queued', async () => {
    const conn = await suite.open();
    const sent = numbered('many', 5);
    await echoEach(conn, sent, suite.patienceMs);
    expect(await conn.readMany(3, -1)).toEqual(sent.slice(0, 3));
    expect(conn.stats().queued).toBe(2);
    expect(await conn.readMany()).toEqual(sent.slice(3));
    expect(await conn.readMany(5, -1)).toBeNull();
    expect(await conn.readMany(5, 20)).toBeNull();
  });

  it('waits for the first message as read(n) does and hands it over', async () => {
    const conn = await suite.open();
    const waiting = conn.readMany(10, suite.patienceMs);
    await conn.write('many-waited');
    expect((await waiting)?.map(text)).toEqual(['many-waited']);
  });

  it('-2 gives the newest max and discards the rest; [] once closed; a bad max is InvalidArgument', async () => {
    const conn = await suite.open();
    const sent = numbered('newest', 4);
    await echoEach(conn, sent, suite.patienceMs);
    const discarded = conn.stats().discarded;
    expect(await conn.readMany(2, -2)).toEqual(sent.slice(2));
    expect(conn.stats()).toMatchObject({ queued: 0, discarded: discarded + 2 });
    for (const bad of [0, -1, 1.5, Number.NaN, '2']) {
      await expect(conn.readMany(bad as number, -1)).rejects.toMatchObject({ code: 'InvalidArgument', op: 'read' });
    }
    const waiting = conn.readMany();
    await conn.close();
    expect(await waiting).toEqual([]);
    expect(await conn.readMany()).toEqual([]);
  });
}

/** Reads until `expected` bytes of text arrived (stream transports may merge writes into one chunk). */
async function readText(conn: Connection, length: number, patienceMs: number): Promise<string> {
  let got = '';
  const deadline = Date.now() + patienceMs;
  while (got.length < length && Date.now() < deadline) {
    const batch = await conn.readMany(100, 100);
    if (batch !== null) got += batch.map(text).join('');
  }
  return got;
}

/** `writeMany()` (DESIGN §3): a batch written in order, resolved with the total bytes. */
export function writeMany(suite: Suite): void {
  it('writes a batch in order and resolves to the total bytes accepted', async () => {
    const conn = await suite.open();
    const items = ['wm-0;', Buffer.from('wm-1;'), 'wm-2;', new Uint8Array(Buffer.from('wm-3;'))];
    expect(await conn.writeMany(items)).toBe(20);
    expect(conn.stats()).toMatchObject({ sent: 4, sentBytes: 20 });
    expect(await readText(conn, 20, suite.patienceMs)).toBe('wm-0;wm-1;wm-2;wm-3;');
  });

  const datagrams = suite.input.driver.capabilities.kind === 'datagram';
  it(
    `writes 500 items in one call, none ${datagrams ? 'duplicated' : 'lost'} or reordered`,
    async () => {
      const conn = await suite.open('qsize=1000');
      const items = numbered('bulk', 500).map((m) => `${m};`);
      const expected = items.join('');
      expect(await conn.writeMany(items)).toBe(Buffer.byteLength(expected));
      const got = await readText(conn, expected.length, suite.patienceMs * 2);
      if (!datagrams) return expect(got).toBe(expected);
      // A peer may drop datagrams of a burst (UDP): what arrives must still be in order, once each.
      const order = got
        .split(';')
        .filter(Boolean)
        .map((m) => Number(m.slice('bulk-'.length)));
      expect(order.length).toBeGreaterThan(0);
      expect(order.every((n, i) => i === 0 || n > order[i - 1]!)).toBe(true);
    },
    suite.patienceMs * 4,
  );

  it('refuses bad items before sending anything, naming the item; [] writes 0; 0 once closed', async () => {
    const conn = await suite.open();
    await expect(conn.writeMany(['ok', 42 as unknown as string])).rejects.toMatchObject({
      code: 'InvalidArgument',
      op: 'write',
      message: expect.stringContaining('item 1 must be a string or bytes, got a number'),
    });
    await expect(conn.writeMany('abc' as unknown as string[])).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(conn.writeMany(['ok'], -5)).rejects.toMatchObject({ code: 'InvalidArgument' });
    expect(await conn.writeMany([])).toBe(0);
    expect(conn.stats().sent).toBe(0);
    expect(await conn.read(300)).toBeNull();
    await conn.close();
    expect(await conn.writeMany(['late'])).toBe(0);
  });
}

/**
 * `readMany()` on an acknowledging transport acknowledges exactly what it hands over: after
 * `readMany(2)` of 6 queued messages and a close, the 4 not handed over come to the next reader.
 */
export function readManyAcks(suite: Suite): void {
  it(
    'acknowledges only what it handed over: the rest comes to the next reader after close',
    async () => {
      const address = await suite.input.harness.resumeAddress!();
      const sent = numbered('handover', 6);
      const first = await suite.openAt(address);
      for (const message of sent) expect(await first.write(message)).toBeGreaterThan(0);
      await waitFor(() => first.stats().queued >= sent.length, suite.patienceMs * 2, 'all 6 messages to be queued');
      expect(await first.readMany(2, -1)).toEqual(sent.slice(0, 2));
      await first.close(); // the 4 still queued are released: not acknowledged
      const second = await suite.openAt(address);
      const seen: string[] = [];
      const deadline = Date.now() + suite.patienceMs * 3;
      while (!sent.slice(2).every((m) => seen.includes(m)) && Date.now() < deadline) {
        const batch = await second.readMany(10, 200);
        if (batch !== null) seen.push(...batch.map(text));
      }
      const again = seen.filter((m) => sent.slice(0, 2).includes(m)).length;
      console.info(
        `${suite.input.name} readMany handover: ${seen.length} read by the next reader, ${again} of the 2 handed over came again`,
      );
      expect(sent.slice(2).filter((m) => !seen.includes(m))).toEqual([]);
    },
    suite.patienceMs * 6,
  );
}
