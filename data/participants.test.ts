import { describe, expect, it } from 'vitest';
import { ETHNICITY_SHARES, generateParticipants, quotas } from './participants.js';

describe('participants', () => {
  it('splits by exact quotas (largest remainder)', () => {
    const q = quotas(968, ETHNICITY_SHARES);
    expect(q.length).toBe(968);
    expect(['White', 'Black', 'Mixed', 'Other', 'Asian'].map((e) => q.filter((x) => x === e).length)).toEqual([632, 110, 100, 66, 60]);
    expect(quotas(7, [['a', 0.5], ['b', 0.5]]).length).toBe(7);
  });

  it('is deterministic per seed, with unique ids and three distinct scenarios each', () => {
    const a = generateParticipants(1, 40);
    expect(generateParticipants(1, 40)).toEqual(a);
    expect(generateParticipants(2, 40)).not.toEqual(a);
    expect(new Set(a.map((p) => p.id)).size).toBe(40);
    for (const p of a) expect(new Set(p.scenarios).size).toBe(3);
  });
});
