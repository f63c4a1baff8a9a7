/** Flood variants alternated as usual, each in a client process of its own (lib/flood-client.ts). */
import { fileURLToPath } from 'node:url';
import { alternate } from './alternate.js';
import { startChild, type Child } from './child.js';
import type { FloodFamily } from './flood-client.js';

/** Node flags of a child that runs TypeScript (the bench's own `tsx`; also under vitest, which has no loader flag). */
const TS_CHILD = ['--import', 'tsx'];

/**
 * Each of `names` (variants of `family`, given `input`) alternated as usual, but each in a process
 * of its own, kept for all its runs: in the bench process, a run shared its heap with the other
 * variants' garbage and with what the sections before it left (ADR 0312, NOTES §18).
 */
export async function floodsInOwnProcesses<R, N extends string = string>(
  family: FloodFamily,
  input: object,
  names: readonly N[],
): Promise<Record<N, R[]>> {
  const script = fileURLToPath(new URL('./flood-client.ts', import.meta.url));
  const clients: Child<object>[] = [];
  try {
    for (const name of names) clients.push(await startChild(script, [family, name, JSON.stringify(input)], TS_CHILD));
    const variants = Object.fromEntries(names.map((name, i) => [name, () => clients[i]!.ask<R>('run')]));
    return (await alternate(variants)) as Record<N, R[]>;
  } finally {
    await Promise.all(clients.map((client) => client.stop()));
  }
}
