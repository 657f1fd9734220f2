import { describe, expect, it } from 'vitest';
import { close, closeAll, fixture, pilotRatings } from '../../tests/golden/helpers.js';
import {
  agreement, exactAgreement, flagBelowExperts, kappaQuadraticObserved, kappaQuadraticScale, medianOfRaters, roundHalfEven,
} from './agreement.js';
import { krippendorffAlphaBootstrap, krippendorffAlphaInterval } from './krippendorff.js';
import { mulberry32 } from './random.js';

const A = fixture('agreement.json');
const P = fixture('pilot_agreement.json');

type Expected = {
  n: number; kappa_scale: number; alpha: number; rho: number; rho_p: number; rho_ci: number[] | null; exact: number;
  alpha_ci?: number[]; kappa_observed: { kappa: number; se: number; z: number; p: number; categories: number };
};

function compareRow(a: (number | null)[], b: (number | null)[], e: Expected) {
  const row = agreement(a, b);
  expect(row.n).toBe(e.n);
  close(row.kappa_scale, e.kappa_scale, 'kappa_scale (sklearn)');
  close(row.kappa_observed, e.kappa_observed.kappa, 'kappa_observed (statsmodels)');
  close(row.alpha, e.alpha, 'alpha');
  close(row.rho, e.rho, 'rho');
  close(row.rho_p, e.rho_p, 'rho p', 1e-6, 1e-15);
  if (e.rho_ci) closeAll(row.rho_ci!, e.rho_ci, 'rho ci');
  close(row.exact, e.exact, 'exact');
  if (e.alpha_ci) closeAll(row.alpha_ci, e.alpha_ci, 'alpha bootstrap ci');
  const ko = kappaQuadraticObserved(a, b);
  close(ko.se, e.kappa_observed.se, 'kappa se');
  close(ko.z, e.kappa_observed.z, 'kappa z');
  close(ko.p, e.kappa_observed.p, 'kappa p', 1e-6, 1e-15);
  expect(ko.categories).toBe(e.kappa_observed.categories);
}

describe("Krippendorff's alpha (interval)", () => {
  it('textbook example (Krippendorff 2011): 0.849, and the coincidence-matrix value to 1e-12', () => {
    const alpha = krippendorffAlphaInterval(A.textbook.raters);
    close(alpha, A.textbook.alpha, 'alpha', 1e-12);
    expect(Math.abs(alpha - A.textbook.published_alpha)).toBeLessThan(0.0005);
  });
  it('bootstrap over units is bit-reproducible against the Python port of mulberry32', () => {
    for (const m of A.mulberry32) {
      const rng = mulberry32(m.seed);
      closeAll(m.first.map(() => rng()), m.first, `mulberry32(${m.seed})`, 0, 0);
    }
    const b = krippendorffAlphaBootstrap(A.textbook.raters, { reps: 300, seed: 7 });
    expect(b.valid).toBe(A.textbook.valid);
    closeAll(b.ci, A.textbook.ci_seed7_reps300, 'ci', 1e-9);
  });
  it('three raters with missing values', () => {
    const m = A.multi_rater;
    close(krippendorffAlphaInterval(m.raters), m.alpha, 'alpha');
    const b = krippendorffAlphaBootstrap(m.raters, { reps: 500, seed: 99 });
    expect(b.valid).toBe(m.valid);
    closeAll(b.ci, m.ci, 'ci', 1e-9);
  });
  it('errors: one rater, no pairable unit; no variation gives NaN', () => {
    expect(() => krippendorffAlphaInterval([[1, 2]])).toThrow(/at least 2 raters/);
    expect(() => krippendorffAlphaInterval([[1, null], [null, 2]])).toThrow(/no unit/);
    expect(Number.isNaN(krippendorffAlphaInterval([[3, 3], [3, 3]]))).toBe(true);
  });
});

describe('agreement of two score vectors (synthetic, vs sklearn / statsmodels / scipy)', () => {
  for (const s of A.synthetic) it(s.name, () => compareRow(s.a, s.b, s.expected));
  it('rounding: half up for the scale kappa, half to even (numpy) for the observed-values kappa', () => {
    expect([roundHalfEven(0.5), roundHalfEven(1.5), roundHalfEven(2.5), roundHalfEven(-2.5), roundHalfEven(112.5)]).toEqual([0, 2, 2, -2, 112]);
    expect(() => kappaQuadraticScale([0.2, 3], [1, 3])).toThrow(/outside the rating scale/);
  });
  it('median of a group of raters (numpy nanmedian)', () => {
    closeAll(medianOfRaters(A.median.input), A.median.expected, 'median');
  });
  it('errors and edge cases', () => {
    expect(() => agreement([null, 1], [2, null])).toThrow(/no items scored by both/);
    expect(() => agreement([1, 2], [1])).toThrow(/entries/);
    expect(Number.isNaN(kappaQuadraticObserved([3, 3], [3, 3]).kappa)).toBe(true);
    expect(exactAgreement([1, 2, 3, null], [1, 2, 4, 4])).toBeCloseTo(2 / 3, 15);
    expect(() => medianOfRaters([])).toThrow(/no score sets/);
  });
});

describe('Lend an Ear pilot (real ratings from ../shared/corpora), every pair and dimension', () => {
  const raters = ['expert1', 'expert2', 'expert3', 'gemini', 'gpt', 'claude', 'crowd'];
  const data = Object.fromEntries(raters.map((r) => [r, pilotRatings(r)]));
  const ids = [...data.expert1.keys()].filter((id) => raters.every((r) => data[r].has(id))).sort();
  const vec = (rater: string, dim: string) => ids.map((id) => data[rater].get(id)![dim]);
  const experts = (dim: string) => medianOfRaters(['expert1', 'expert2', 'expert3'].map((e) => vec(e, dim)));
  const side = (name: string, dim: string) => (name === 'experts' ? experts(dim) : vec(name, dim));

  it('reads 50 conversations rated by all seven raters', () => {
    expect(ids.length).toBe(P.n_items);
  });
  for (const e of P.rows) {
    it(`${e.dimension}: ${e.a} vs ${e.b}`, () => compareRow(side(e.a, e.dimension), side(e.b, e.dimension), e));
  }
  it('flags dimensions where a judge agrees with the expert median less than the experts agree with each other', () => {
    const dims = P.dimensions as string[];
    for (const cand of ['gemini', 'gpt', 'claude', 'crowd']) {
      const flags = flagBelowExperts(
        dims.map((d) => ({ dimension: d, candidate: vec(cand, d), reference: experts(d), experts: ['expert1', 'expert2', 'expert3'].map((x) => vec(x, d)) })),
      );
      flags.forEach((f) => {
        const e = P.flags.find((x: { dimension: string; candidate: string }) => x.dimension === f.dimension && x.candidate === cand);
        close(f.value, e.value, 'value');
        closeAll(f.expertPairs, e.expert_pairs, 'expert pairs');
        close(f.expertMean, e.expert_mean, 'expert mean');
        expect(f.flagged).toBe(e.flagged);
      });
    }
    expect(() => flagBelowExperts([{ dimension: 'x', candidate: [1], reference: [1], experts: [[1]] }])).toThrow(/at least 2 expert/);
  });
});
