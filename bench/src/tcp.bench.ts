/** Raw sockets (tcp://): omnidial against raw node:net in the same run; see lib/stream-section.ts. */
import { streamRows } from './lib/stream-section.js';
import type { BenchSection } from './lib/types.js';

/** The tcp section of RESULTS.md. */
export async function run(): Promise<BenchSection> {
  const { rows, notes } = await streamRows({ scheme: 'tcp' });
  return { title: 'Raw sockets (tcp://, node:net)', baseline: 'raw node:net', rows, notes };
}
