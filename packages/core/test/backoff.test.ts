import { describe, expect, it } from 'vitest';
import { backoffCapMs, healthyAfterMs, reconnectDelay } from '../src/connection/backoff.js';
import { ReconnectBudget } from '../src/connection/budget.js';

describe('reconnectDelay', () => {
  it('waits exactly interval before the first attempt', () => {
    expect(reconnectDelay(1, 1000, () => 0.99)).toBe(1000);
  });
  it('backs off 1.5x with up to 20% taken off as jitter, capped at max(10 x interval, 30 s)', () => {
    expect(reconnectDelay(2, 1000, () => 0)).toBe(1500);
    expect(reconnectDelay(2, 1000, () => 1)).toBe(1200);
    expect(reconnectDelay(3, 1000, () => 0)).toBe(2250);
    expect(reconnectDelay(50, 1000, () => 0)).toBe(30_000);
    expect(reconnectDelay(50, 1000, () => 1)).toBe(24_000);
    expect(reconnectDelay(50, 10_000, () => 0)).toBe(100_000);
    expect(reconnectDelay(50, 100, () => 0)).toBe(30_000);
    expect(backoffCapMs(100)).toBe(30_000);
  });
  it('a link is healthy after max(5 s, 3 x interval)', () => {
    expect(healthyAfterMs(100)).toBe(5000);
    expect(healthyAfterMs(4000)).toBe(12_000);
  });
});

describe('ReconnectBudget', () => {
  function clock(): { now: () => number; advance: (ms: number) => void } {
    let t = 0;
    return { now: () => t, advance: (ms) => void (t += ms) };
  }

  it('keeps counting when links drop before they are healthy, and restarts after a healthy link', () => {
    const time = clock();
    const budget = new ReconnectBudget(100, 0, time.now);
    budget.opened();
    time.advance(10);
    expect(budget.next()).toMatchObject({ attempt: 1, delayMs: 100 });
    budget.opened();
    time.advance(4999);
    expect(budget.next()?.attempt).toBe(2);
    budget.opened();
    time.advance(5000);
    expect(budget.next()).toEqual({ attempt: 1, delayMs: 100 });
  });

  it('counts failed re-dials and flaps against retry', () => {
    const time = clock();
    const budget = new ReconnectBudget(100, 2, time.now);
    budget.opened();
    expect(budget.next()?.attempt).toBe(1);
    expect(budget.next()?.attempt).toBe(2); // a failed re-dial: never opened
    budget.opened();
    time.advance(10);
    expect(budget.next()).toBeUndefined();
  });
});
