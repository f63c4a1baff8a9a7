import { describe, expect, it } from 'vitest';
import { reconnectDelay } from '../src/connection/backoff.js';

describe('reconnectDelay', () => {
  it('waits exactly interval before the first attempt', () => {
    expect(reconnectDelay(1, 1000, () => 0.99)).toBe(1000);
  });
  it('backs off with jitter, capped at 10x interval (+20%)', () => {
    expect(reconnectDelay(2, 1000, () => 0)).toBe(1500);
    expect(reconnectDelay(3, 1000, () => 0)).toBe(2250);
    expect(reconnectDelay(50, 1000, () => 0)).toBe(10_000);
    expect(reconnectDelay(50, 1000, () => 1)).toBe(12_000);
  });
});
