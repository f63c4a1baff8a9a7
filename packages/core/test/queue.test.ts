import { describe, expect, it } from 'vitest';
import { MessageQueue } from '../src/connection/queue.js';

describe('MessageQueue', () => {
  it('is FIFO and drops the oldest when full', () => {
    const queue = new MessageQueue(3);
    for (let i = 0; i < 5; i += 1) queue.push(`m${i}`, 2, undefined, true);
    expect(queue.length).toBe(3);
    expect(queue.full).toBe(true);
    expect(queue.counters.dropped).toBe(2);
    expect([queue.takeOldest(), queue.takeOldest(), queue.takeOldest(), queue.takeOldest()]).toEqual([
      'm2',
      'm3',
      'm4',
      undefined,
    ]);
  });

  it('never drops a message that carries a settle callback, even when asked to drop', () => {
    const outcomes: string[] = [];
    const queue = new MessageQueue(3);
    for (let i = 0; i < 5; i += 1) queue.push(`m${i}`, 2, (o) => outcomes.push(`m${i}:${o}`), true);
    expect(queue.length).toBe(5);
    expect(queue.takeNewest()).toBe('m4');
    for (let i = 0; i < 5; i += 1) queue.push(`m${i}`, 2, (o) => outcomes.push(`m${i}:${o}`), true);
    outcomes.length = 0;
    expect(queue.counters.dropped).toBe(0);
    expect(outcomes).toEqual([]);
    expect(queue.takeOldest()).toBe('m0');
    queue.clear('released');
    expect(outcomes).toEqual(['m0:delivered', 'm1:released', 'm2:released', 'm3:released', 'm4:released']);
  });

  it('without dropping, grows past its caps and says when it is full and when drained to half', () => {
    const queue = new MessageQueue(4, 100);
    for (let i = 0; i < 6; i += 1) queue.push(`m${i}`, 1, undefined, false);
    expect(queue.length).toBe(6);
    expect(queue.counters.dropped).toBe(0);
    expect(queue.full).toBe(true);
    expect([queue.takeOldest(), queue.takeOldest(), queue.takeOldest()]).toEqual(['m0', 'm1', 'm2']);
    expect(queue.drained).toBe(false);
    expect(queue.takeOldest()).toBe('m3');
    expect(queue.drained).toBe(true);
    expect(queue.full).toBe(false);
    expect([queue.takeOldest(), queue.takeOldest(), queue.takeOldest()]).toEqual(['m4', 'm5', undefined]);
  });

  it('holds exactly the newest 2000 of 5000 with the default size', () => {
    const queue = new MessageQueue(2000);
    for (let i = 0; i < 5000; i += 1) queue.push(`m${i}`, 1, undefined, true);
    expect(queue.length).toBe(2000);
    expect(queue.counters.dropped).toBe(3000);
    expect(queue.takeOldest()).toBe('m3000');
    expect(queue.takeNewest()).toBe('m4999');
    expect(queue.length).toBe(0);
  });

  it('enforces the byte cap by dropping the oldest', () => {
    const queue = new MessageQueue(100, 10);
    queue.push('aaaa', 4, undefined, true);
    queue.push('bbbb', 4, undefined, true);
    queue.push('cccc', 4, undefined, true);
    expect(queue.length).toBe(2);
    expect(queue.bytes).toBe(8);
    expect(queue.takeOldest()).toBe('bbbb');
  });

  it('keeps a single message larger than the byte cap rather than losing it', () => {
    const queue = new MessageQueue(10, 3);
    queue.push('toolong', 7, undefined, true);
    expect(queue.length).toBe(1);
  });

  it('takeNewest discards the backlog, settling everything as delivered', () => {
    const outcomes: string[] = [];
    const queue = new MessageQueue(10);
    for (let i = 0; i < 4; i += 1) queue.push(`m${i}`, 1, (o) => outcomes.push(`m${i}:${o}`), true);
    expect(queue.takeNewest()).toBe('m3');
    expect(queue.counters.discarded).toBe(3);
    expect(outcomes.sort()).toEqual(['m0:delivered', 'm1:delivered', 'm2:delivered', 'm3:delivered']);
    expect(queue.takeNewest()).toBeUndefined();
  });

  it('wraps around the ring many times without losing order', () => {
    const queue = new MessageQueue(7);
    let next = 0;
    let expected = 0;
    for (let round = 0; round < 100; round += 1) {
      for (let i = 0; i < 5; i += 1) queue.push(`m${next++}`, 1, undefined, true);
      for (let i = 0; i < 5; i += 1) expect(queue.takeOldest()).toBe(`m${expected++}`);
    }
    expect(queue.length).toBe(0);
  });
});
