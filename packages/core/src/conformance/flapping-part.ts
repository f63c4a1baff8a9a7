import { expect, it } from 'vitest';
import type { Connection } from '../connection/connection.js';
import { dial } from '../dial.js';
import type { DialError } from '../errors.js';
import type { FlappingPeer } from './flapping-server.js';
import { echoEach, text, waitFor, withOptions, type Suite } from './helpers.js';

const INTERVAL_MS = 20;
/** Longer than max(5 s, 3 x interval): the link counts as healthy after this. */
const HEALTHY_WAIT_MS = 5500;

interface Watched {
  conn: Connection;
  attempts: { attempt: number; delayMs: number }[];
  giveups: DialError[];
}

async function openFlapping(suite: Suite, peer: FlappingPeer, options: string): Promise<Watched> {
  const conn = await dial(withOptions(peer.address, options), { registry: suite.registry });
  suite.track(conn);
  const watched: Watched = { conn, attempts: [], giveups: [] };
  conn.on('reconnecting', ({ attempt, delayMs }) => watched.attempts.push({ attempt, delayMs }));
  conn.on('giveup', (error) => watched.giveups.push(error));
  return watched;
}

/** Flap protection: a server that accepts then closes meets a growing backoff, bounded by `retry`. */
export function flapping(suite: Suite): void {
  const flappingPeer = suite.input.harness.flapping!;

  it('backs off across flaps, reads again once the server is well, and restarts at interval after a healthy period', async () => {
    const peer = await flappingPeer();
    try {
      const { conn, attempts } = await openFlapping(suite, peer, `reconnect=true&interval=${INTERVAL_MS}`);
      await waitFor(() => attempts.length >= 6, suite.patienceMs * 3, 'six reconnect attempts');
      // Every re-dial was accepted, and yet the count went on: accepting is not being healthy.
      expect(attempts.slice(0, 6).map((a) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(attempts[0]!.delayMs).toBe(INTERVAL_MS);
      for (let i = 1; i < 6; i += 1) expect(attempts[i]!.delayMs).toBeGreaterThan(attempts[i - 1]!.delayMs);
      expect(peer.accepted()).toBeGreaterThanOrEqual(6);
      expect(conn.stats().reconnects).toBeGreaterThanOrEqual(5);

      peer.heal();
      await waitFor(
        () => conn.state === 'open' && conn.stats().reconnects >= 6,
        suite.patienceMs * 3,
        'a reconnect to the healed server',
      );
      await echoEach(conn, ['after-heal'], suite.patienceMs);
      expect(text(await conn.read(-2))).toBe('after-heal');

      // Up for longer than max(5 s, 3 x interval): the next drop starts the count again.
      await new Promise((resolve) => setTimeout(resolve, HEALTHY_WAIT_MS));
      const before = attempts.length;
      peer.flap();
      await waitFor(() => attempts.length > before, suite.patienceMs, 'the drop after a healthy period');
      expect(attempts[before]).toEqual({ attempt: 1, delayMs: INTERVAL_MS });
    } finally {
      await peer.close();
    }
  }, 120_000);

  it('counts flaps against retry= and gives up after that many re-dials', async () => {
    const peer = await flappingPeer();
    try {
      const { conn, attempts, giveups } = await openFlapping(
        suite,
        peer,
        `reconnect=true&interval=${INTERVAL_MS}&retry=3`,
      );
      await waitFor(() => conn.state === 'disconnected', suite.patienceMs * 3, 'retry=3 to give up');
      expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
      expect(giveups).toHaveLength(1);
      expect(peer.accepted()).toBe(4);
      expect(await conn.read()).toBe('');
    } finally {
      await peer.close();
    }
  }, 60_000);
}
