import { describe, expect, it } from 'vitest';
import { percentile, summarize } from '../../scripts/load/percentiles.js';

describe('latency percentiles (nearest rank)', () => {
  it('picks the value at or above the requested share of the sample', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile(values, 1)).toBe(100);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it('summarizes an unsorted sample', () => {
    expect(summarize([5, 1, 3, 2, 4])).toEqual({ count: 5, p50: 3, p99: 5, max: 5 });
  });
});
