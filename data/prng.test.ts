import { describe, expect, it } from 'vitest';
import { hashSeed, Random } from './prng.js';

describe('Random', () => {
  it('repeats a stream for the same seed and labels, and differs across seeds and labels', () => {
    const draw = (r: Random) => Array.from({ length: 8 }, () => r.uint32());
    expect(draw(new Random(42, 'x', 1))).toEqual(draw(new Random(42, 'x', 1)));
    expect(draw(new Random(42, 'x', 1))).not.toEqual(draw(new Random(43, 'x', 1)));
    expect(draw(new Random(42, 'x', 1))).not.toEqual(draw(new Random(42, 'x', 2)));
    expect(hashSeed(2 ** 40 + 5, 'a')).not.toBe(hashSeed(5, 'a'));
  });

  it('draws uniforms, integers, normals and weighted indices with the right distributions', () => {
    const r = new Random(7);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    let u = 0;
    let outOfRange = 0;
    const ints = new Array(6).fill(0);
    const picks = new Array(3).fill(0);
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
      const f = r.float();
      if (!(f >= 0 && f < 1)) outOfRange++;
      u += f;
      ints[r.int(6)]++;
      picks[r.weighted([1, 0, 3])]++;
    }
    expect(outOfRange).toBe(0);
    expect(Math.abs(s / n)).toBeLessThan(0.01);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.015);
    expect(Math.abs(u / n - 0.5)).toBeLessThan(0.005);
    for (const c of ints) expect(Math.abs(c / n - 1 / 6)).toBeLessThan(0.005);
    expect(picks[1]).toBe(0);
    expect(Math.abs(picks[2] / n - 0.75)).toBeLessThan(0.005);
  });

  it('shuffles into a permutation', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = new Random(3).shuffle([...items]);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
  });
});
