import { describe, expect, it } from 'vitest';
import { closeAll, fixture } from '../../tests/golden/helpers.js';
import { benjaminiHochberg, holm } from './multiple.js';

const F = fixture('multipletests.json');

describe('multiple testing vs statsmodels multipletests', () => {
  F.cases.forEach((c: { p: number[]; holm: number[]; fdr_bh: number[] }, i: number) => {
    it(`case ${i} (${c.p.length} p-values)`, () => {
      closeAll(holm(c.p), c.holm, 'holm');
      closeAll(benjaminiHochberg(c.p), c.fdr_bh, 'fdr_bh');
    });
  });
  it('empty input gives empty output; invalid p-values are rejected', () => {
    expect(holm([])).toEqual([]);
    expect(benjaminiHochberg([])).toEqual([]);
    expect(() => holm([0.1, NaN])).toThrow(/\[0, 1\]/);
    expect(() => benjaminiHochberg([1.2])).toThrow(/\[0, 1\]/);
  });
});
