import { describe, expect, it } from 'vitest';
import { close, fixture } from '../../tests/golden/helpers.js';
import { cohenKappa, fleissKappa, percentAgreement } from './nominal-agreement.js';
import { krippendorffAlphaNominal } from './krippendorff.js';
import { AnalysisDataError } from './errors.js';

// tests/golden/make_coding_agreement_golden.py: statsmodels cohens_kappa / fleiss_kappa(aggregate_raters) and a
// coincidence-matrix alpha checked against Krippendorff (2011)'s published 0.743.
const G = fixture('coding_agreement.json') as { cases: { name: string; ratings: (string | null)[][]; percent: number; cohen: number; fleiss: number; fleiss_units: number; alpha: number; published_alpha?: number }[] };

describe('nominal agreement against statsmodels and the coincidence-matrix definition', () => {
  for (const c of G.cases) {
    it(c.name, () => {
      close(percentAgreement(c.ratings), c.percent, 'percent', 1e-12);
      close(cohenKappa(c.ratings[0], c.ratings[1]), c.cohen, "Cohen's kappa", 1e-10);
      const f = fleissKappa(c.ratings);
      close(f.kappa, c.fleiss, "Fleiss' kappa", 1e-10);
      expect(f.units).toBe(c.fleiss_units);
      close(krippendorffAlphaNominal(c.ratings), c.alpha, 'alpha', 1e-12);
      if (c.published_alpha) expect(Math.abs(krippendorffAlphaNominal(c.ratings) - c.published_alpha)).toBeLessThan(0.0005);
    });
  }

  it('edge cases: one label throughout is NaN; nothing pairable is a data error', () => {
    expect(Number.isNaN(cohenKappa(['a', 'a'], ['a', 'a']))).toBe(true);
    expect(Number.isNaN(fleissKappa([['a', 'a'], ['a', 'a'], ['a', 'a']]).kappa)).toBe(true);
    expect(Number.isNaN(krippendorffAlphaNominal([['a', 'a'], ['a', 'a']]))).toBe(true);
    expect(() => krippendorffAlphaNominal([['a', null], [null, 'b']])).toThrow(AnalysisDataError);
    expect(() => cohenKappa(['a', null], [null, 'b'])).toThrow(AnalysisDataError);
    expect(() => fleissKappa([['a', null], ['a', 'b']])).not.toThrow();
    expect(Number.isNaN(percentAgreement([['a', null], [null, 'b']]))).toBe(true);
  });
});
