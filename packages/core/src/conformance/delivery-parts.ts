import { expect, it } from 'vitest';
import type { Connection } from '../connection/connection.js';
import { text, waitFor, type Suite } from './helpers.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes all messages at once (a flood), retrying (after the link is back) any write the link did not take. */
async function flood(conn: Connection, messages: readonly string[], patienceMs: number): Promise<void> {
  await Promise.all(
    messages.map(async (message) => {
      for (let attempt = 1; ; attempt += 1) {
        const written = await conn.write(message, patienceMs).catch(() => 0);
        if (written > 0) return;
        if (attempt > 20) throw new Error(`write of "${message}" was not taken after ${attempt} attempts`);
        await waitFor(() => conn.state === 'open', patienceMs * 3, `the link to come back before writing "${message}"`);
      }
    }),
  );
}

/** Reads slowly until stopped, counting how often each message was read. */
function slowReader(
  conn: Connection,
  pauseMs: number,
): { counts: Map<string, number>; maxQueued: () => number; stop(): Promise<void> } {
  const counts = new Map<string, number>();
  let running = true;
  let maxQueued = 0;
  const loop = (async () => {
    while (running) {
      maxQueued = Math.max(maxQueued, conn.stats().queued);
      const message = await conn.read(100);
      if (message === null) continue;
      if (message === '') {
        await sleep(20); // reconnecting
        continue;
      }
      counts.set(text(message), (counts.get(text(message)) ?? 0) + 1);
      await sleep(pauseMs);
    }
  })();
  return {
    counts,
    maxQueued: () => maxQueued,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/**
 * At-least-once under overflow (docs/design.md#receiving, #brokers): a transport that acknowledges deliveries never
 * loses an acknowledged message, whatever `qsize` and the reader's speed, across a restart of
 * the server. Duplicates are allowed and counted.
 */
export function acknowledged(suite: Suite): void {
  const { harness } = suite.input;
  const total = 60;
  it(
    `reads every one of ${total} messages at least once: qsize=3, a slow reader, a server restart in the middle`,
    async () => {
      const address = await (harness.durableAddress ?? harness.address)();
      const conn = await suite.openAt(address, 'qsize=3&reconnect=true&interval=100');
      const sent = Array.from({ length: total }, (_, i) => `ack-${i}`);
      const reader = slowReader(conn, 20);
      try {
        await flood(conn, sent.slice(0, total / 2), suite.patienceMs);
        await waitFor(
          () => reader.counts.size >= 10,
          suite.patienceMs * 3,
          '10 messages to be read before the restart',
        );
        await harness.drop!();
        await harness.restore!();
        await flood(conn, sent.slice(total / 2), suite.patienceMs);
        await waitFor(
          () => sent.every((m) => reader.counts.has(m)),
          suite.patienceMs * 4,
          'every message to be read',
        ).catch(() => undefined);
      } finally {
        await reader.stop();
      }
      const lost = sent.filter((m) => !reader.counts.has(m));
      const reads = [...reader.counts.values()].reduce((a, b) => a + b, 0);
      console.info(
        `${suite.input.name} acknowledged: ${total} sent, ${lost.length} lost, ${reads - reader.counts.size} duplicate reads, ` +
          `${conn.stats().reconnects} reconnect(s), most queued ${reader.maxQueued()}`,
      );
      expect(lost).toEqual([]);
      expect(conn.stats().dropped).toBe(0);
      expect(reader.maxQueued(), 'the flood never filled the queue: the test proves nothing').toBeGreaterThanOrEqual(3);
      expect(conn.stats().reconnects).toBeGreaterThanOrEqual(1);
    },
    suite.patienceMs * 12,
  );
}

/**
 * `overflow=block` (docs/design.md#receiving): under a flood ten times the queue's caps, intake stops (the
 * link is paused) instead of dropping, and every byte arrives, in order, once the reader
 * catches up.
 */
export function block(suite: Suite): void {
  const count = 50;
  it(
    `loses nothing under a flood of ${count} messages into qsize=5&qbytes=100`,
    async () => {
      const conn = await suite.open('qsize=5&qbytes=100&overflow=block');
      const sent = Array.from({ length: count }, (_, i) => `block-flood-${String(i).padStart(4, '0')};`);
      // Not awaited one by one: a broker link that acknowledges our publishes on the same
      // (paused) socket completes them only once the reader catches up.
      const writes = flood(conn, sent, suite.patienceMs * 3);
      await waitFor(() => conn.stats().paused, suite.patienceMs, 'intake to stop (the flood to fill the queue)');
      const expected = sent.join('');
      let got = '';
      const deadline = Date.now() + suite.patienceMs * 3;
      while (got.length < expected.length && Date.now() < deadline) {
        const message = await conn.read(100);
        if (message !== null) got += text(message);
      }
      await writes;
      expect(got).toBe(expected);
      expect(conn.stats().dropped).toBe(0);
    },
    suite.patienceMs * 8,
  );
}

/**
 * A connection that writes and does not read never waits forever on its own writes, whatever its
 * receive queue holds: a broker may send the acknowledgement of a publish behind messages for this
 * connection (its own publishes coming back), and a paused link must still let it through.
 * Every message is then read or counted as dropped.
 */
export function ownWrites(suite: Suite): void {
  const total = 20;
  it(
    `${total} awaited writes complete with qsize=5 and nobody reading; then each is read or counted as dropped`,
    async () => {
      const conn = await suite.open('qsize=5');
      const sent = Array.from({ length: total }, (_, i) => `own-${String(i).padStart(2, '0')}`);
      for (const message of sent) {
        const queued = conn.stats().queued;
        const written = await conn.write(message, suite.patienceMs).catch((error: unknown) => {
          throw new Error(`write("${message}") with ${queued} unread messages did not complete: ${String(error)}`);
        });
        expect(written, `write("${message}")`).toBe(message.length);
      }
      const read: string[] = [];
      const deadline = Date.now() + suite.patienceMs * 2;
      while (read.length + conn.stats().dropped < total && Date.now() < deadline) {
        const message = await conn.read(200);
        if (message !== null && message !== '') read.push(text(message));
      }
      expect(read.length + conn.stats().dropped, `read ${read.join(',')}`).toBe(total);
      expect(read).toEqual([...read].sort());
      expect(new Set(read).size).toBe(read.length);
    },
    suite.patienceMs * 4,
  );
}
