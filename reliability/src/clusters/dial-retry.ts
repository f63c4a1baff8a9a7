import { dial, DialError, type Connection } from '@omnidial/core';
import { sleep } from '../stats.js';

/**
 * `dial()` that retries while the cluster answers `Unavailable` (right after a node restart a
 * Kafka group coordinator may still be loading), for at most `withinMs`. A first dial does not
 * retry by itself (docs/design.md#public-api), so a fleet started against a recovering cluster does this too.
 */
export async function dialWithin(address: string, withinMs = 60_000): Promise<Connection> {
  const end = Date.now() + withinMs;
  for (;;) {
    try {
      return await dial(address);
    } catch (error) {
      if (!(error instanceof DialError) || error.code !== 'Unavailable' || Date.now() > end) throw error;
      await sleep(500);
    }
  }
}
