/** Unix domain sockets (unix://): omnidial against raw node:net; see lib/stream-section.ts. */
import { streamRows } from './lib/stream-section.js';
import type { BenchSection } from './lib/types.js';

/** The unix section of RESULTS.md. */
export async function run(): Promise<BenchSection> {
  const { rows, notes } = await streamRows({ scheme: 'unix' });
  return { title: 'Unix domain sockets (unix://, node:net)', baseline: 'raw node:net', rows, notes };
}
