import { describe, expect, it } from 'vitest';
import { MessageQueue } from '../src/connection/queue.js';

describe('MessageQueue', () => {
  it('is FIFO and drops the oldest when full, settling it as dropped', () => {
    const outcomes: string[] = [];
    const queue = new MessageQueue(3);
    for (let i = 0; i < 5; i += 1) queue.push(`m${i}`, 2, (o) => outcomes.push(`m${i}:${o}`));
    expect(queue.length).toBe(3);
    expect(queue.counters.dropped).toBe(2);
    expect(outcomes).toEqual(['m0:dropped', 'm1:dropped']);
    expect([queue.takeOldest(), queue.takeOldest(), queue.takeOldest(), queue.takeOldest()]).toEqual(['m2', 'm3', 'm4', undefined]);
    expect(outcomes.slice(2)).toEqual(['m2:delivered', 'm3:delivered', 'm4:delivered']);
  });

  it('holds exactly the newest 2000 of 5000 with the default size', () => {
    const queue = new MessageQueue(2000);
    for (let i = 0; i < 5000; i += 1) queue.push(`m${i}`, 1, undefined);
    expect(queue.length).toBe(2000);
    expect(queue.counters.dropped).toBe(3000);
    expect(queue.takeOldest()).toBe('m3000');
    expect(queue.takeNewest()).toBe('m4999');
    expect(queue.length).toBe(0);
  });

  it('enforces the byte cap by dropping the oldest', () => {
    const queue = new MessageQueue(100, 10);
    queue.push('aaaa', 4, undefined);
    queue.push('bbbb', 4, undefined);
    queue.push('cccc', 4, undefined);
    expect(queue.length).toBe(2);
    expect(queue.bytes).toBe(8);
    expect(queue.takeOldest()).toBe('bbbb');
  });

  it('keeps a single message larger than the byte cap rather than losing it', () => {
    const queue = new MessageQueue(10, 3);
    queue.push('toolong', 7, undefined);
    expect(queue.length).toBe(1);
  });

  it('takeNewest discards the backlog, settling everything as delivered', () => {
    const outcomes: string[] = [];
    const queue = new MessageQueue(10);
    for (let i = 0; i < 4; i += 1) queue.push(`m${i}`, 1, (o) => outcomes.push(`m${i}:${o}`));
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
      for (let i = 0; i < 5; i += 1) queue.push(`m${next++}`, 1, undefined);
      for (let i = 0; i < 5; i += 1) expect(queue.takeOldest()).toBe(`m${expected++}`);
    }
    expect(queue.length).toBe(0);
  });
});
