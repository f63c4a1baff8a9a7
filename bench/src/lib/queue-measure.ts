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
 * Nanoseconds per `read(-2)` when `queued` messages wait: each round delivers `traffic` messages
 * (not timed; when `traffic` exceeds `queued`, the first `traffic - queued` are read away with an
 * untimed `read(-2)`), then times one `read(-2)` over the `queued` left; `rounds` times. With the
 * same `traffic`, two measurements differ only in the depth of the queue at the timed call, not
 * in what the untimed refill did to the CPU caches. Returns the median and the mean: the median
 * leaves out the odd garbage collection that the refills provoke; the mean includes it.
 */
export async function readNewestCost(
  queued: number,
  rounds: number,
  traffic = queued,
): Promise<{ median: number; mean: number }> {
  const contexts: LinkContext[] = [];
  const qsize = Math.max(2000, traffic);
  const conn: Connection = await dial(`mem://x|qsize=${qsize}`, {
    registry: new Registry().register(memoryDriver(contexts)),
  });
  const context = contexts[0]!;
  const message = 'x'.repeat(100);
  const samples: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    if (traffic > queued) {
      for (let i = queued; i < traffic; i += 1) context.deliver(message, 100);
      await conn.read(-2);
    }
    for (let i = 0; i < queued; i += 1) context.deliver(message, 100);
    const started = process.hrtime.bigint();
    await conn.read(-2);
    samples.push(Number(process.hrtime.bigint() - started));
  }
  await conn.close();
  samples.sort((a, b) => a - b);
  return { median: samples[samples.length >> 1]!, mean: samples.reduce((sum, n) => sum + n, 0) / samples.length };
}
