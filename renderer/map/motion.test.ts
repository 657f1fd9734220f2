import { describe, expect, it } from 'vitest';
import { stratifiedSample, unionSorted } from './motion.js';

/** Seeded points: a dense cluster of 9,000 around (0.5, 0.5) and 1,000 spread evenly over the square. */
function clustered(): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(10_000), y = new Float32Array(10_000);
  for (let i = 0; i < 9_000; i++) {
    x[i] = 0.5 + ((i % 95) / 95 - 0.5) * 0.1;
    y[i] = 0.5 + (Math.floor(i / 95) / 95 - 0.5) * 0.1;
  }
  for (let k = 0; k < 1_000; k++) {
    x[9_000 + k] = ((k % 32) + 0.5) / 16 - 1;
    y[9_000 + k] = (Math.floor(k / 32) + 0.5) / 16 - 1;
  }
  return { x, y };
}

describe('stratifiedSample', () => {
  it('keeps about the requested number, ascending and distinct, the same every time', () => {
    const { x, y } = clustered();
    const s = stratifiedSample(x, y, null, 1_000);
    // Each non-empty cell rounds its quota up, so the sample may exceed max by at most the number of such cells.
    expect(s.length).toBeGreaterThanOrEqual(1_000);
    expect(s.length).toBeLessThan(1_000 + 1_100);
    expect(s.every((v, k) => k === 0 || v > s[k - 1])).toBe(true);
    expect(stratifiedSample(x, y, null, 1_000)).toEqual(s);
  });

  it('keeps every sparse region while thinning the dense cluster in proportion', () => {
    const { x, y } = clustered();
    const s = stratifiedSample(x, y, null, 1_000);
    const inCluster = (i: number) => Math.abs(x[i] - 0.5) < 0.07 && Math.abs(y[i] - 0.5) < 0.07;
    const spread = Array.from({ length: 1_000 }, (_, k) => 9_000 + k).filter((i) => !inCluster(i));
    const kept = new Set(s);
    // A spread point away from the cluster sits alone in its grid cell, so it stays; the cluster's cells keep
    // about a tenth of their points (rounded up per cell).
    expect(spread.length).toBeGreaterThan(950);
    expect(spread.filter((i) => !kept.has(i))).toEqual([]);
    const dense = s.filter((i) => i < 9_000).length;
    expect(dense).toBeGreaterThanOrEqual(900);
    expect(dense).toBeLessThan(1_000);
  });

  it('samples only the given indices and returns them all when they are few', () => {
    const { x, y } = clustered();
    const shown = Array.from({ length: 5_000 }, (_, k) => 2 * k);
    const s = stratifiedSample(x, y, shown, 500);
    expect(s.every((i) => i % 2 === 0 && i < 10_000)).toBe(true);
    expect(stratifiedSample(x, y, [7, 3, 5], 10)).toEqual([3, 5, 7]);
  });
});

describe('unionSorted', () => {
  it('merges the selection into the sample without duplicates', () => {
    expect(unionSorted([1, 4, 9], [9, 2, 4, 12])).toEqual([1, 2, 4, 9, 12]);
    expect(unionSorted([1, 4], [])).toEqual([1, 4]);
    expect(unionSorted([], [3, 1])).toEqual([1, 3]);
  });
});
