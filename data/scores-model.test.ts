import { describe, expect, it } from 'vitest';
import { CONDITIONS, DIMENSIONS, SCENARIOS } from '../main/domain/study.js';
import { normalCdf } from './normal.js';
import { Random } from './prng.js';
import {
  calibration,
  cellIndex,
  cellSd,
  cellTarget,
  cellWeight,
  discretisedMoments,
  drawConversationScores,
  drawParticipantLatent,
  PAPER_EFFECTS,
  SCENARIO_SHIFT,
  solveLatentMean,
} from './scores-model.js';

describe('normalCdf', () => {
  it('matches reference values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 15);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 12);
    expect(normalCdf(3)).toBeCloseTo(0.9986501019683699, 12);
    expect(normalCdf(-8)).toBeCloseTo(6.22096057427178e-16, 20);
  });
});

describe('discretised normal', () => {
  it('has the moments of round(clip(N(mu, sd^2), 1, 5)) (checked by quadrature)', () => {
    for (const [mu, sd, shifts] of [
      [2.3, 1.2, [0]],
      [0.4, 2.2, [0, 0.3, -0.2]],
      [4.8, 1.0, [0.1]],
    ] as const) {
      let m1 = 0;
      let m2 = 0;
      const steps = 200_000;
      for (const shift of shifts)
        for (let i = 0; i < steps; i++) {
          // Midpoint rule over +-10 sd.
          const z = -10 + (20 * (i + 0.5)) / steps;
          const w = (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI)) * (20 / steps);
          const score = Math.min(5, Math.max(1, Math.round(mu + shift + sd * z)));
          m1 += (w * score) / shifts.length;
          m2 += (w * score * score) / shifts.length;
        }
      const exact = discretisedMoments(mu, sd, shifts);
      expect(exact.mean).toBeCloseTo(m1, 4);
      expect(exact.meanSq).toBeCloseTo(m2, 4);
    }
  });

  it('inverts the expected score', () => {
    for (const target of [1.2, 2.5, 3.9, 4.7]) expect(discretisedMoments(solveLatentMean(target, 1.3, [0, 0.2]), 1.3, [0, 0.2]).mean).toBeCloseTo(target, 9);
  });
});

describe('calibration', () => {
  it('makes E[score] / sd(score) equal Extended Data Table 1 in every cell of every dimension', () => {
    const cal = calibration();
    for (const d of DIMENSIONS) {
      const c = cal[d];
      for (const cond of CONDITIONS)
        for (const post of [false, true]) {
          const cell = cellIndex(cond, post);
          expect(c.expectedScores[cell]! / c.expectedSd, `${d} ${cond} ${post}`).toBeCloseTo(cellTarget(PAPER_EFFECTS[d], cond, post), 9);
        }
      // expectedSd is the fixed point: the design-wide sd implied by the calibrated cells themselves.
      let m1 = 0;
      let m2 = 0;
      c.latentMeans.forEach((mu, cell) => {
        const mom = discretisedMoments(mu, cellSd(d, cell), SCENARIOS.map((s) => SCENARIO_SHIFT[d][s]));
        expect(mom.mean).toBeCloseTo(c.expectedScores[cell]!, 12);
        m1 += cellWeight(cell) * mom.mean;
        m2 += cellWeight(cell) * mom.meanSq;
      });
      expect(Math.sqrt(m2 - m1 * m1)).toBeCloseTo(c.expectedSd, 9);
      // Scores of 1-5 have an sd of about one point.
      expect(c.expectedSd).toBeGreaterThan(0.9);
      expect(c.expectedSd).toBeLessThan(1.5);
    }
  });

  it('reproduces the expected cell means and sd when sampled', () => {
    const rng = new Random(11, 'test');
    const cal = calibration();
    const n = 60_000;
    const sum = DIMENSIONS.map(() => new Float64Array(8));
    const sumAll = new Float64Array(DIMENSIONS.length);
    const sumSq = new Float64Array(DIMENSIONS.length);
    const count = new Float64Array(8);
    for (let i = 0; i < n; i++) {
      const cond = CONDITIONS[i % 4]!;
      const person = drawParticipantLatent(rng, rng.bernoulli(0.518), 46, rng);
      const scenarios = rng.shuffle([...SCENARIOS]);
      for (let r = 0; r < 3; r++) {
        const { scores } = drawConversationScores(rng, person, cond, r > 0, scenarios[r]!, cal);
        const cell = cellIndex(cond, r > 0);
        count[cell]!++;
        DIMENSIONS.forEach((_, di) => {
          sum[di]![cell]! += scores[di]!;
          sumAll[di]! += scores[di]!;
          sumSq[di]! += scores[di]! ** 2;
        });
      }
    }
    DIMENSIONS.forEach((d, di) => {
      const total = n * 3;
      const sd = Math.sqrt(sumSq[di]! / total - (sumAll[di]! / total) ** 2);
      expect(sd, d).toBeCloseTo(cal[d].expectedSd, 1);
      for (let cell = 0; cell < 8; cell++) expect(Math.abs(sum[di]![cell]! / count[cell]! - cal[d].expectedScores[cell]!), `${d} cell ${cell}`).toBeLessThan(0.03);
    });
  });
});
