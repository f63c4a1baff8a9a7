import { describe, expect, it } from 'vitest';
import { connectToAnyNode } from '../src/driver/node-list.js';

const live = new AbortController().signal;

/** Opens node `n` unless it is in `dead`, recording every node tried. */
function opener(dead: Set<string>, tried: string[]) {
  return async (node: string): Promise<string> => {
    tried.push(node);
    if (dead.has(node)) throw new Error(`connect ECONNREFUSED ${node}`);
    return node;
  };
}

describe('connectToAnyNode', () => {
  it('passes over dead nodes to the first that answers, then starts after the one that failed last', async () => {
    const endpoint = {};
    const tried: string[] = [];
    const dead = new Set(['a']);
    expect(await connectToAnyNode(endpoint, ['a', 'b', 'c'], opener(dead, tried), { signal: live })).toBe('b');
    dead.add('b');
    expect(await connectToAnyNode(endpoint, ['a', 'b', 'c'], opener(dead, tried), { signal: live })).toBe('c');
    expect(tried).toEqual(['a', 'b', 'b', 'c']);
  });

  it('throws the last error when no node answers, having tried each once', async () => {
    const tried: string[] = [];
    const outcome = connectToAnyNode({}, ['a', 'b'], opener(new Set(['a', 'b']), tried), { signal: live });
    await expect(outcome).rejects.toThrow('ECONNREFUSED b');
    expect(tried).toEqual(['a', 'b']);
  });

  it('stops at a failure every node would give, and once the attempt is aborted', async () => {
    const tried: string[] = [];
    const isFinal = (error: unknown): boolean => String(error).includes('a');
    await expect(
      connectToAnyNode({}, ['a', 'b'], opener(new Set(['a', 'b']), tried), { signal: live, isFinal }),
    ).rejects.toThrow('ECONNREFUSED a');
    const aborted = AbortSignal.abort();
    await expect(
      connectToAnyNode({}, ['b', 'a'], opener(new Set(['a', 'b']), tried), { signal: aborted }),
    ).rejects.toThrow('ECONNREFUSED b');
    expect(tried).toEqual(['a', 'b']);
  });
});
