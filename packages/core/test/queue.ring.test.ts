// The ring of columns of MessageQueue (d9f9de2) against the survivors of its mutation run on
// 0a1e8d9 (issue #11.5, docs/mutation.md): each test kills mutants the other queue tests let live.
import { describe, expect, it } from 'vitest';
import type { MessageMetadata } from '../src/driver/metadata.js';
import { MessageQueue } from '../src/connection/queue.js';

const meta = (name: string): MessageMetadata => ({ transport: 'stream', name }) as unknown as MessageMetadata;

describe('MessageQueue ring', () => {
  it('a ring that grows while wrapped keeps each message with its metadata, settle callback and receive time', () => {
    const outcomes: string[] = [];
    const queue = new MessageQueue(4);
    const push = (i: number): void =>
      queue.push(`m${i}`, 1, (o) => outcomes.push(`m${i}:${o}`), true, 100 + i, meta(`m${i}`), 1000 + i);
    for (let i = 0; i < 4; i += 1) push(i);
    // The ring (4 slots) now starts at its second slot and holds m4 in its first: the grow that
    // m5 causes (settled messages are never dropped) has to move every column from a wrapped ring.
    expect(queue.takeOldest()).toBe('m0');
    push(4);
    push(5);
    push(6);
    for (let i = 1; i <= 6; i += 1) {
      const entry = queue.takeOldestEntry();
      expect(entry).toMatchObject({ message: `m${i}`, at: 100 + i, time: 1000 + i, meta: meta(`m${i}`) });
      expect(queue.takenAt).toBe(100 + i);
    }
    expect(outcomes).toEqual([
      'm0:delivered',
      'm1:delivered',
      'm2:delivered',
      'm3:delivered',
      'm4:delivered',
      'm5:delivered',
      'm6:delivered',
    ]);
  });

  it('a receive time of 0 is kept as 0 in a slot that held a measured one', () => {
    const queue = new MessageQueue(1);
    queue.push('measured', 1, undefined, true, 7);
    expect(queue.takeOldest()).toBe('measured');
    expect(queue.takenAt).toBe(7);
    queue.push('unmeasured', 1, undefined, true, 0);
    expect(queue.takeOldestEntry()).toMatchObject({ message: 'unmeasured', at: 0 });
    expect(queue.takenAt).toBe(0);
  });

  it('after the O(1) clear of plain messages the ring fills and grows again', () => {
    const queue = new MessageQueue(100);
    for (let i = 0; i < 20; i += 1) queue.push(`a${i}`, 1, undefined, true);
    expect(queue.takeNewest()).toBe('a19');
    for (let i = 0; i < 40; i += 1) queue.push(`b${i}`, 1, undefined, true);
    expect(queue.length).toBe(40);
    expect(queue.takeOldest()).toBe('b0');
    expect(queue.takeNewest()).toBe('b39');
  });

  it('takeNewestEntry settles the newest and every discarded message as delivered', () => {
    const outcomes: string[] = [];
    const queue = new MessageQueue(10);
    for (let i = 0; i < 3; i += 1) queue.push(`m${i}`, 1, (o) => outcomes.push(`m${i}:${o}`), true);
    expect(queue.takeNewestEntry()?.message).toBe('m2');
    expect(outcomes.sort()).toEqual(['m0:delivered', 'm1:delivered', 'm2:delivered']);
    expect(queue.counters.discarded).toBe(2);
  });
});
