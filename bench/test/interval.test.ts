/** The bootstrap interval printed after each ratio (lib/interval.ts, ADR 0319). */
import { describe, expect, it } from 'vitest';
import { ratioInterval, ratioText } from '../src/lib/interval.js';
import { compare, ratioOf } from '../src/lib/rows.js';

const steady = (center: number): number[] => Array.from({ length: 11 }, (_, i) => center + (i % 3) - 1);

describe('ratio interval', () => {
  it('is narrow for steady runs and wide for scattered ones, around the ratio', () => {
    const narrow = compare('rate', 'msg/s', 'higher', steady(1000), steady(950));
    const scattered = compare(
      'rate',
      'msg/s',
      'higher',
      steady(1000),
      [600, 1300, 800, 1100, 950, 700, 1250, 900, 1000, 650, 1200],
    );
    const [low, high] = ratioInterval(narrow)!;
    expect(low).toBeLessThanOrEqual(ratioOf(narrow));
    expect(high).toBeGreaterThanOrEqual(ratioOf(narrow));
    expect(high - low).toBeLessThan(0.01);
    const [wideLow, wideHigh] = ratioInterval(scattered)!;
    expect(wideHigh - wideLow).toBeGreaterThan(0.2);
  });

  it('follows the row direction: raw/omni for times', () => {
    const row = compare('time', 'µs', 'lower', steady(100), steady(200));
    const [low, high] = ratioInterval(row)!;
    expect(low).toBeGreaterThan(0.48);
    expect(high).toBeLessThan(0.52);
  });

  it('is the same on every render, and absent when the record kept no runs or too few', () => {
    const row = compare('rate', 'msg/s', 'higher', [5, 9, 7, 6, 8, 10], [6, 7, 9, 5, 8, 7]);
    expect(ratioText(ratioOf(row), row)).toBe(ratioText(ratioOf(row), row));
    expect(ratioText(ratioOf(row), row)).toMatch(/^\d\.\d\d× \(\d\.\d\d–\d\.\d\d\)$/);
    const old = { ...row, raw: { ...row.raw, samples: undefined } };
    expect(ratioInterval(old)).toBeUndefined();
    expect(ratioText(ratioOf(old), old)).toBe(`${ratioOf(old).toFixed(2)}×`);
    expect(ratioInterval(compare('rate', 'msg/s', 'higher', [1, 2, 3], [1, 2, 3]))).toBeUndefined();
  });
});
