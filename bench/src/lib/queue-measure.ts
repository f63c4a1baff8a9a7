import { dial, Registry, type Connection } from '@omnidial/core';
import type { Driver, Endpoint, LinkContext } from '@omnidial/core/driver';

/** An in-memory driver: `mem://x` connects at once and lets the bench deliver messages directly. */
function memoryDriver(contexts: LinkContext[]): Driver<Endpoint> {
  return {
    name: 'mem',
    packageName: '@omnidial/bench',
    schemes: ['mem'],
    description: 'in-memory (bench only)',
    capabilities: {
      kind: 'message',
      reconnect: false,
      acknowledgements: false,
      proxy: false,
      tls: false,
      payload: false,
    },
    options: {},
    examples: ['mem://x'],
    parse: ({ scheme, base }) => ({ scheme, redacted: base, secrets: [] }),
    load: async () => ({
      connect: async (_endpoint, context) => {
        contexts.push(context);
        return { write: async () => 0, close: async () => undefined };
      },
    }),
  };
}

/**
 * Nanoseconds per `read(-2)` when `queued` messages wait: fill the queue (not timed), time one
 * `read(-2)`, `rounds` times. Returns the median and the mean: the median leaves out the odd
 * garbage collection that the untimed refills provoke; the mean includes it.
 */
export async function readNewestCost(queued: number, rounds: number): Promise<{ median: number; mean: number }> {
  const contexts: LinkContext[] = [];
  const qsize = Math.max(2000, queued);
  const conn: Connection = await dial(`mem://x|qsize=${qsize}`, {
    registry: new Registry().register(memoryDriver(contexts)),
  });
  const context = contexts[0]!;
  const message = 'x'.repeat(100);
  const samples: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (let i = 0; i < queued; i += 1) context.deliver(message, 100);
    const started = process.hrtime.bigint();
    await conn.read(-2);
    samples.push(Number(process.hrtime.bigint() - started));
  }
  await conn.close();
  samples.sort((a, b) => a - b);
  return { median: samples[samples.length >> 1]!, mean: samples.reduce((sum, n) => sum + n, 0) / samples.length };
}
