import { describe, expect, it } from 'vitest';
import { CONDITIONS, DIMENSIONS, SCENARIOS } from '../main/domain/study.js';
import { normalCdf } from './normal.js';
import { Random } from './prng.js';
import {
  calibration,
  cellIndex,
  cellTarget,
  cellWeight,
  discretisedMoments,
  drawConversationScores,
  drawParticipantLatent,
  LATENT_SD,
  PAPER_EFFECTS,
  responseOffsets,
  responderResponse,
  RESPONSE_SD,
  RESPONSE_SHAPE,
  SCENARIO_SHIFT,
  skewedResponse,
  solveLatentMean,
} from './scores-model.js';
import { gaussHermite } from './gauss-hermite.js';

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
    const offsets = { x: [-0.4, 0.1, 0.9], w: [0.3, 0.5, 0.2] };
    for (const target of [1.2, 3.9]) expect(discretisedMoments(solveLatentMean(target, 1.1, [0.1], offsets), 1.1, [0.1], offsets).mean).toBeCloseTo(target, 9);
  });

  it('gives d mean / d mu as its slope', () => {
    const offsets = { x: [-0.4, 0.1, 0.9], w: [0.3, 0.5, 0.2] };
    const h = 1e-6;
    const m = (mu: number) => discretisedMoments(mu, 1.2, [0, 0.3], offsets);
    expect(m(2.7).slope).toBeCloseTo((m(2.7 + h).mean - m(2.7 - h).mean) / (2 * h), 6);
  });
});

describe('response to training', () => {
  it('integrates E[f(Z)] exactly for polynomials and closely for exp (Gauss-Hermite)', () => {
    const q = gaussHermite(24);
    const E = (f: (z: number) => number) => q.x.reduce((a, z, i) => a + q.w[i]! * f(z), 0);
    expect(E(() => 1)).toBeCloseTo(1, 13);
    expect(E((z) => z)).toBeCloseTo(0, 13);
    expect(E((z) => z ** 2)).toBeCloseTo(1, 12);
    expect(E((z) => z ** 4)).toBeCloseTo(3, 11);
    expect(E((z) => z ** 6)).toBeCloseTo(15, 10);
    expect(E((z) => Math.exp(z))).toBeCloseTo(Math.exp(0.5), 12);
  });

  it('is centred with unit variance for every shape, right-skewed for k > 0 and left-skewed for k < 0', () => {
    const q = gaussHermite(48);
    const E = (f: (z: number) => number) => q.x.reduce((a, z, i) => a + q.w[i]! * f(z), 0);
    for (const k of [-1.5, -0.5, 0, 0.3, 1]) {
      expect(E((z) => skewedResponse(z, k)), `mean k=${k}`).toBeCloseTo(0, 8);
      expect(E((z) => skewedResponse(z, k) ** 2), `variance k=${k}`).toBeCloseTo(1, 6);
      const third = E((z) => skewedResponse(z, k) ** 3);
      if (k !== 0) expect(Math.sign(third), `skew k=${k}`).toBe(Math.sign(k));
    }
  });

  it('splits into responders: centred, unit variance, about 1 - Phi(threshold) of people well above the rest, none far below', () => {
    // 96 nodes, as the calibration uses for the split; its sharp step is what needs them.
    const q = gaussHermite(96);
    const E = (f: (z: number) => number) => q.x.reduce((a, z, i) => a + q.w[i]! * f(z), 0);
    for (const [threshold, width] of [[1, 0.25], [0.5, 0.3]] as const) {
      const r = (z: number) => responderResponse(z, threshold, width);
      expect(E(r), `mean ${threshold}`).toBeCloseTo(0, 4);
      expect(E((z) => r(z) ** 2), `variance ${threshold}`).toBeCloseTo(1, 4);
      // Bounded below (no one loses much: the floor is under one sd below the mean), a long way up for the
      // responders, and the step's midpoint splits off 1 - Phi(threshold) of people.
      const floor = r(-10);
      expect(floor).toBeGreaterThan(-1);
      expect(r(10)).toBeGreaterThan(1.5);
      for (const z of [-3, -1, 0, threshold, 3]) expect(r(z)).toBeGreaterThan(floor);
      const midpoint = (floor + r(10)) / 2;
      expect(E((z) => (r(z) > midpoint ? 1 : 0))).toBeCloseTo(1 - normalCdf(threshold), 1);
    }
  });

  it('mirrors the split at a negative threshold: a few people far below, the rest a little above, none far above', () => {
    const q = gaussHermite(96);
    const E = (f: (z: number) => number) => q.x.reduce((a, z, i) => a + q.w[i]! * f(z), 0);
    const threshold = RESPONSE_SHAPE.video.kind === 'responders' ? RESPONSE_SHAPE.video.threshold : -2;
    expect(threshold).toBeLessThan(0);
    const r = (z: number) => responderResponse(z, threshold, 0.25);
    expect(E(r)).toBeCloseTo(0, 4);
    expect(E((z) => r(z) ** 2)).toBeCloseTo(1, 4);
    const ceiling = r(10);
    expect(ceiling).toBeGreaterThan(0);
    expect(ceiling).toBeLessThan(0.5);
    expect(r(-10)).toBeLessThan(-5);
    const midpoint = (r(-10) + ceiling) / 2;
    expect(E((z) => (r(z) < midpoint ? 1 : 0))).toBeCloseTo(normalCdf(threshold), 2);
  });

  it('enters the calibration: pre cells have no offsets, post cells the scaled response with the dimension sign', () => {
    const o = responseOffsets('encouraging_elaboration', cellIndex('coach', true));
    const a = responseOffsets('advice_giving', cellIndex('coach', true));
    expect(responseOffsets('encouraging_elaboration', cellIndex('coach', false)).x).toEqual([0]);
    const mean = (x: readonly number[], w: readonly number[]) => x.reduce((s, v, i) => s + w[i]! * v, 0);
    const sd = (x: readonly number[], w: readonly number[]) => Math.sqrt(mean(x.map((v) => v * v), w) - mean(x, w) ** 2);
    expect(mean(o.x, o.w)).toBeCloseTo(0, 6);
    expect(sd(o.x, o.w)).toBeCloseTo(LATENT_SD.encouraging_elaboration * RESPONSE_SD.coach, 5);
    // Proscriptive dimensions move the other way: the same people give less advice.
    a.x.forEach((v, i) => expect(Math.sign(v)).toBe(-Math.sign(o.x[i]!)));
    expect(Object.keys(RESPONSE_SHAPE).sort()).toEqual([...CONDITIONS].sort());
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
        const mom = discretisedMoments(mu, LATENT_SD[d], SCENARIOS.map((s) => SCENARIO_SHIFT[d][s]), responseOffsets(d, cell));
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
