import { describe, expect, it } from 'vitest';
import { close, fixture } from '../../tests/golden/helpers.js';
import { contingency, mutualInformation, normalizedMutualInformation, purity } from './clustering-agreement.js';

const A = fixture('clustering_agreement.json');

type Case = { name: string; a: number[]; b: number[]; nmi: number; purity_b_in_a: number; contingency: number[][] };

describe('NMI and purity vs sklearn (normalized_mutual_info_score, contingency_matrix)', () => {
  for (const c of A.cases as Case[]) {
    it(c.name, () => {
      close(normalizedMutualInformation(c.a, c.b), c.nmi, 'nmi', 1e-12, 1e-14);
      close(purity(c.a, c.b), c.purity_b_in_a, 'purity', 1e-15, 0);
      // sklearn sorts the levels; ours keep first-appearance order, so compare the sorted cells
      const t = contingency(c.a, c.b);
      expect(Array.from(t.counts).filter((v) => v > 0).sort((x, y) => x - y))
        .toEqual(c.contingency.flat().filter((v) => v > 0).sort((x, y) => x - y));
    });
  }

  it('string labels work like numbers; NMI is symmetric, purity is not', () => {
    const c = (A.cases as Case[])[0];
    const names = c.a.map((v) => `strategy ${v}`);
    close(normalizedMutualInformation(names, c.b), c.nmi, 'nmi', 1e-12);
    close(normalizedMutualInformation(c.b, c.a), c.nmi, 'nmi swapped', 1e-12);
    expect(purity([0, 0, 1, 1], [0, 0, 0, 0])).toBe(0.5);
    expect(purity([0, 0, 0, 0], [0, 0, 1, 1])).toBe(1);
  });

  it('mutual information of a labelling with itself is its entropy', () => {
    close(mutualInformation([0, 0, 1, 1], ['x', 'x', 'y', 'y']), Math.log(2), 'mi', 1e-15);
  });

  it('errors: different lengths, empty purity', () => {
    expect(() => normalizedMutualInformation([1, 2], [1])).toThrow(/2 and 1 entries/);
    expect(() => purity([], [])).toThrow(/empty/);
    expect(normalizedMutualInformation([], [])).toBe(1);
  });
});
