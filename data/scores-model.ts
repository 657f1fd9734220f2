// The simulated judge's 1-5 scores. Each conversation has a latent normal per dimension,
//   latent = m[dimension][condition, post] + shift[dimension][scenario] + sd[dimension] * z,
// z ~ N(0, 1) built from a participant factor, a conversation factor (shared by the six dimensions,
// with the sign of the dimension, so that prescriptive and proscriptive scores move in opposite
// directions) and noise, plus in post conversations a participant's response to training (RESPONSE_SD,
// RESPONSE_SHAPE by condition); the score is the latent rounded and clipped to 1..5. The cell means m are
// calibrated, integrating over the response, so that E[score] / sd(score) reproduces Extended Data Table 1.

import { CONDITIONS, DIMENSIONS, PRESCRIPTIVE, SCENARIOS, type Condition, type Dimension, type Scenario } from '../main/domain/study.js';
import { normalCdf } from './normal.js';
import type { Random } from './prng.js';
import { gaussHermite } from './gauss-hermite.js';

export const TERMS = ['intercept', 'video', 'coach', 'combined', 'post', 'video:post', 'coach:post', 'combined:post'] as const;
export type Term = (typeof TERMS)[number];

/** Extended Data Table 1: OLS coefficients of score / sd(score) (SD units). */
export const PAPER_EFFECTS: Record<Dimension, Record<Term, number>> = {
  encouraging_elaboration: { intercept: 2.159, video: -0.098, coach: 0.04, combined: -0.082, post: 0.012, 'video:post': 0.218, 'coach:post': 0.648, 'combined:post': 0.621 },
  validating_emotions: { intercept: 2.555, video: -0.061, coach: 0.055, combined: 0.04, post: 0.01, 'video:post': 0.235, 'coach:post': 0.475, 'combined:post': 0.613 },
  demonstrating_understanding: { intercept: 1.657, video: -0.118, coach: 0.023, combined: -0.026, post: -0.035, 'video:post': 0.247, 'coach:post': 0.459, 'combined:post': 0.573 },
  advice_giving: { intercept: 3.082, video: 0.196, coach: 0.027, combined: 0.097, post: 0.043, 'video:post': -0.665, 'coach:post': -0.675, 'combined:post': -1.035 },
  self_oriented: { intercept: 1.641, video: -0.086, coach: 0.035, combined: -0.025, post: 0.012, 'video:post': 0.086, 'coach:post': -0.201, 'combined:post': -0.13 },
  dismissing_emotions: { intercept: 3.061, video: 0.061, coach: -0.105, combined: -0.053, post: -0.014, 'video:post': -0.324, 'coach:post': -0.451, 'combined:post': -0.656 },
};

/**
 * Latent sd within a cell, in score points. It sets where on the 1-5 scale the calibrated cells land:
 * a low intercept-to-sd ratio (understanding 1.66, self-oriented 1.64) is only reachable with a wide
 * latent and a floor of 1s, so those get the larger values.
 */
export const LATENT_SD: Record<Dimension, number> = {
  // Encouraging elaboration and understanding are set so that 18% and 9% of conversations score 4-5 (Fig. 5B),
  // on the mean over 40 seeds at scale 10 (generator v7: 1.04 and 1.345 had drifted to 18.4% and 9.5%).
  encouraging_elaboration: 1.034,
  validating_emotions: 1.1,
  demonstrating_understanding: 1.336,
  advice_giving: 1.2,
  self_oriented: 2.2,
  dismissing_emotions: 1.2,
};

/**
 * Share of a dimension's latent variance that belongs to the participant. Chosen so that the
 * within-person correlation of scores across a participant's conversations is roughly what the
 * paper's post-baseline standard errors imply (high for validating/understanding, low for advice).
 */
export const PARTICIPANT_SHARE: Record<Dimension, number> = {
  encouraging_elaboration: 0.45,
  validating_emotions: 0.62,
  demonstrating_understanding: 0.6,
  advice_giving: 0.27,
  self_oriented: 0.42,
  dismissing_emotions: 0.55,
};

/**
 * How much people differ in what training does for them: sd of a participant's response factor in latent
 * sd units, added (with each dimension's sign) to the post conversations of each condition. It widens the
 * spread of change scores so that Fig. 3A's shares of reliable improvement and decline come out;
 * Extended Data Table 1 fixes only the cell means, and the calibration integrates over the response, so
 * the means stay exact whatever its spread and shape. The control group had no training, only practice:
 * a small response, so its reliable changes are mostly measurement noise. Calibrated with RESPONSE_SHAPE
 * on the expected Fig. 3A shares (20,000 simulated participants a condition).
 */
export const RESPONSE_SD: Record<Condition, number> = { control: 0.14, video: 0.24, coach: 0.36, combined: 0.22 };

/**
 * Shape of the response factor by condition, centred with unit variance. `lognormal`: a log-normal of shape k
 * (0: normal, k < 0 its mirror image); combined training leaves a few people worse off than they started,
 * which a symmetric spread cannot give without too many improving.
 * `responders`: a smooth split into people who respond to the coach and people who hardly do, the share
 * 1 - Phi(threshold) responding (threshold 1: about 16%), the step `width` wide in the normal seed. A negative
 * threshold mirrors it: the video leaves Phi(threshold) of people (threshold -2: about 2%) clearly worse off
 * and the rest a little better. The video's 9.0% improved with 1.6% declined was out of the log-normals' reach
 * (over 40 seeds every shape and spread traded the two together, 9.24 / 1.51 %, 8.81 / 1.29 %); the split moves
 * the declines without the improvements (9.0 / 1.6 %, generator v7, data/README.md). The coach's
 * 21.6% improved with 0.4% declined is out of every log-normal's reach: over 17 seeds at scale 10, shapes 0.3-2
 * and sds 0.33-1.1 trade the two together (20.6 / 0.39, 21.5 / 0.53, 21.8 / 0.54, 22.2 / 0.60 %), because a
 * long right tail spends the spread on people who improve far past the threshold while the lower tail still
 * declines; a split puts the gains near the threshold and bounds the losses (data/README.md).
 */
export type ResponseShape = { kind: 'lognormal'; k: number } | { kind: 'responders'; threshold: number; width: number };

export const RESPONSE_SHAPE: Record<Condition, ResponseShape> = {
  control: { kind: 'lognormal', k: 1 },
  video: { kind: 'responders', threshold: -2, width: 0.25 },
  coach: { kind: 'responders', threshold: 1, width: 0.25 },
  combined: { kind: 'lognormal', k: -1.2 },
};

/** The centred, unit-variance log-normal of shape k at a normal seed z. */
export function skewedResponse(z: number, k: number): number {
  if (k === 0) return z;
  const s = Math.sign(k);
  const a = Math.abs(k);
  return (s * (Math.exp(a * s * z) - Math.exp((a * a) / 2))) / Math.sqrt((Math.exp(a * a) - 1) * Math.exp(a * a));
}

const splitMoments = new Map<string, { mean: number; sd: number }>();

/** The responder split at a normal seed z: logistic((z - threshold) / width), centred and scaled to unit variance. */
export function responderResponse(z: number, threshold: number, width: number): number {
  const raw = (x: number) => 1 / (1 + Math.exp(-(x - threshold) / width));
  const key = `${threshold}:${width}`;
  let m = splitMoments.get(key);
  if (!m) {
    // Its moments under N(0, 1) by a fine Riemann sum over [-10, 10] (the step is too sharp for a short Gauss-Hermite rule).
    let w0 = 0;
    let m1 = 0;
    let m2 = 0;
    for (let i = -40000; i <= 40000; i++) {
      const x = i * 2.5e-4;
      const w = Math.exp((-x * x) / 2);
      const v = raw(x);
      w0 += w;
      m1 += w * v;
      m2 += w * v * v;
    }
    m = { mean: m1 / w0, sd: Math.sqrt(m2 / w0 - (m1 / w0) ** 2) };
    splitMoments.set(key, m);
  }
  return (raw(z) - m.mean) / m.sd;
}

/** A condition's response factor (before RESPONSE_SD) at a normal seed z. */
export function responseOf(z: number, shape: ResponseShape): number {
  return shape.kind === 'lognormal' ? skewedResponse(z, shape.k) : responderResponse(z, shape.threshold, shape.width);
}

/** A discrete distribution of offsets added to the latent: values (score points) and weights summing to 1. */
export interface Offsets {
  x: readonly number[];
  w: readonly number[];
}

const NO_OFFSET: Offsets = { x: [0], w: [1] };
// The responder split's step needs 96 nodes to put its variance within ~1e-5; the log-normals need 24.
const RESPONSE_NODES = { lognormal: gaussHermite(24), responders: gaussHermite(96) };

/**
 * The response's contribution to a dimension's latent in a cell, as Gauss-Hermite nodes over the response
 * factor's normal seed (24 nodes put a log-normal's rounding probabilities within ~1e-7 of the integral).
 */
export function responseOffsets(d: Dimension, cell: number): Offsets {
  if (cell % 2 === 0) return NO_OFFSET;
  const condition = CONDITIONS[cell >> 1]!;
  const r = RESPONSE_SD[condition];
  if (r === 0) return NO_OFFSET;
  const scale = SIGN[d] * LATENT_SD[d] * r;
  const shape = RESPONSE_SHAPE[condition];
  const nodes = RESPONSE_NODES[shape.kind];
  return { x: nodes.x.map((z) => scale * responseOf(z, shape)), w: nodes.w };
}

/** Latent variance shared by all six dimensions: participant part and conversation part. */
export const COMMON_PARTICIPANT_SHARE = 0.15;
export const COMMON_CONVERSATION_SHARE = 0.08;

/**
 * Scenario shifts of the latent (score points). Personal troubles draw more validation and less
 * advice than workplace troubles (Supplementary E); the calibration averages over scenarios.
 */
export const SCENARIO_SHIFT: Record<Dimension, Record<Scenario, number>> = {
  encouraging_elaboration: { job_loss: 0, passed_over_promotion: 0.05, undervalued_at_work: 0.05, parent_cancer: 0.1, parent_death: 0.05 },
  validating_emotions: { job_loss: -0.1, passed_over_promotion: -0.15, undervalued_at_work: -0.1, parent_cancer: 0.2, parent_death: 0.3 },
  demonstrating_understanding: { job_loss: 0, passed_over_promotion: -0.05, undervalued_at_work: 0.05, parent_cancer: 0, parent_death: 0.05 },
  advice_giving: { job_loss: 0.25, passed_over_promotion: 0.15, undervalued_at_work: 0.15, parent_cancer: -0.1, parent_death: -0.3 },
  self_oriented: { job_loss: 0.05, passed_over_promotion: -0.05, undervalued_at_work: -0.1, parent_cancer: 0.05, parent_death: 0.15 },
  dismissing_emotions: { job_loss: 0.1, passed_over_promotion: 0.15, undervalued_at_work: 0.1, parent_cancer: -0.1, parent_death: -0.15 },
};

/**
 * Baseline demographics move the participant factor (Supplementary D: women +0.197 SD, -0.006 SD a year
 * in the overall score). In latent units; the participant factor keeps unit variance.
 */
export const DEMOGRAPHIC_EFFECTS = { female: 0.3, age_per_year: -0.009, female_share: 0.518, age_mean: 45.62, age_sd: 15.67 };

const DEMOGRAPHIC_VARIANCE =
  DEMOGRAPHIC_EFFECTS.female ** 2 * DEMOGRAPHIC_EFFECTS.female_share * (1 - DEMOGRAPHIC_EFFECTS.female_share) +
  (DEMOGRAPHIC_EFFECTS.age_per_year * DEMOGRAPHIC_EFFECTS.age_sd) ** 2;

const SIGN: Record<Dimension, number> = Object.fromEntries(
  DIMENSIONS.map((d) => [d, (PRESCRIPTIVE as readonly string[]).includes(d) ? 1 : -1]),
) as Record<Dimension, number>;

/** Cell index: condition * 2 + post. */
export function cellIndex(condition: Condition, post: boolean): number {
  return CONDITIONS.indexOf(condition) * 2 + (post ? 1 : 0);
}

/** The table's fitted mean of score / sd(score) in a cell (saturated model: the cell mean). */
export function cellTarget(effects: Record<Term, number>, condition: Condition, post: boolean): number {
  let t = effects.intercept;
  if (condition !== 'control') t += effects[condition];
  if (post) {
    t += effects.post;
    if (condition !== 'control') t += effects[`${condition}:post`];
  }
  return t;
}

/** Share of conversations in each cell: conditions balanced, one of three rounds is pre. */
export function cellWeight(cell: number): number {
  return (1 / CONDITIONS.length) * (cell % 2 === 1 ? 2 / 3 : 1 / 3);
}

/**
 * First two moments of round(clip(N(mu + shift + offset, sd^2), 1, 5)), averaged over equally likely shifts
 * and over the offsets' distribution; `slope` is d mean / d mu.
 */
export function discretisedMoments(mu: number, sd: number, shifts: readonly number[], offsets: Offsets = NO_OFFSET): { mean: number; meanSq: number; slope: number } {
  let mean = 0;
  let meanSq = 0;
  let slope = 0;
  for (const shift of shifts)
    for (let j = 0; j < offsets.x.length; j++) {
      const w = offsets.w[j]!;
      let below = 0; // P(score <= k)
      for (let k = 1; k <= 5; k++) {
        let upTo = 1;
        if (k < 5) {
          const u = (k + 0.5 - mu - shift - offsets.x[j]!) / sd;
          upTo = normalCdf(u);
          // E[score] = 5 - sum_k P(score <= k), so each cut point adds its density.
          slope += (w * Math.exp((-u * u) / 2)) / (sd * Math.sqrt(2 * Math.PI));
        }
        const p = upTo - below;
        below = upTo;
        mean += w * k * p;
        meanSq += w * k * k * p;
      }
    }
  return { mean: mean / shifts.length, meanSq: meanSq / shifts.length, slope: slope / shifts.length };
}

/** Latent mean whose discretised expected score equals target (Newton inside a bisection bracket; E is increasing in mu). */
export function solveLatentMean(target: number, sd: number, shifts: readonly number[], offsets: Offsets = NO_OFFSET): number {
  let lo = -20;
  let hi = 26;
  let mu = target;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const m = discretisedMoments(mu, sd, shifts, offsets);
    const f = m.mean - target;
    if (f === 0) return mu;
    if (f < 0) lo = mu;
    else hi = mu;
    const next = mu - f / m.slope;
    const converged = Math.abs(next - mu) < 1e-13;
    mu = next > lo && next < hi && Number.isFinite(next) ? next : (lo + hi) / 2;
    if (converged) break;
  }
  return mu;
}

export interface DimensionCalibration {
  /** Targeted cell means of score / sd(score), by cellIndex. */
  targets: number[];
  /** Calibrated latent means, by cellIndex. */
  latentMeans: number[];
  /** Expected score in each cell. */
  expectedScores: number[];
  /** Population sd of the score over the whole design; expectedScores / expectedSd = targets. */
  expectedSd: number;
}

/**
 * Choose the eight latent cell means of one dimension. For a trial sd S the cell targets t * S fix the
 * latent means, and those fix the design-wide sd of the score; S is the fixed point sd(S) = S, found
 * by bisection on sd(S) - S over the S for which every t * S lies inside (1, 5).
 */
export function calibrateDimension(
  effects: Record<Term, number>,
  sd: number | readonly number[],
  shifts: readonly number[],
  offsets: (cell: number) => Offsets = () => NO_OFFSET,
): DimensionCalibration {
  const sdOf = (cell: number) => (typeof sd === 'number' ? sd : sd[cell]!);
  const targets: number[] = [];
  for (const c of CONDITIONS) for (const post of [false, true]) targets.push(cellTarget(effects, c, post));
  const solveAt = (S: number) => {
    const latentMeans = targets.map((t, cell) => solveLatentMean(t * S, sdOf(cell), shifts, offsets(cell)));
    let m1 = 0;
    let m2 = 0;
    const expectedScores: number[] = [];
    latentMeans.forEach((mu, cell) => {
      const mom = discretisedMoments(mu, sdOf(cell), shifts, offsets(cell));
      expectedScores.push(mom.mean);
      m1 += cellWeight(cell) * mom.mean;
      m2 += cellWeight(cell) * mom.meanSq;
    });
    return { latentMeans, expectedScores, sd: Math.sqrt(m2 - m1 * m1) };
  };
  // sd(S) - S has two roots: a degenerate one where the lowest cell sits on the floor of the scale, and
  // the one wanted, the last crossing from above to below as S grows. Scan, then bisect that crossing.
  const min = (1 + 1e-6) / Math.min(...targets);
  const max = (5 - 1e-6) / Math.max(...targets);
  const steps = 64;
  let lo = NaN;
  let hi = NaN;
  for (let i = steps - 1; i >= 0; i--) {
    const a = min + ((max - min) * i) / steps;
    const b = min + ((max - min) * (i + 1)) / steps;
    if (solveAt(a).sd > a && solveAt(b).sd <= b) {
      lo = a;
      hi = b;
      break;
    }
  }
  if (Number.isNaN(lo)) throw new Error('score calibration: no fixed point sd(S) = S in range');
  for (let i = 0; i < 100 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (solveAt(mid).sd > mid) lo = mid;
    else hi = mid;
  }
  const S = (lo + hi) / 2;
  const { latentMeans, expectedScores } = solveAt(S);
  return { targets, latentMeans, expectedScores, expectedSd: S };
}

export type Calibration = Record<Dimension, DimensionCalibration>;

let cached: Calibration | null = null;

export function calibration(): Calibration {
  if (!cached) {
    cached = Object.fromEntries(
      DIMENSIONS.map((d) => [d, calibrateDimension(PAPER_EFFECTS[d], LATENT_SD[d], SCENARIOS.map((s) => SCENARIO_SHIFT[d][s]), (cell) => responseOffsets(d, cell))]),
    ) as Calibration;
  }
  return cached;
}

/** Per-participant latent factors: the common factor and one specific factor per dimension. */
export interface ParticipantLatent {
  common: number;
  specific: Float64Array;
  /** Normal seed of the response to training (RESPONSE_SHAPE shapes it, RESPONSE_SD scales it); 0 when not drawn. */
  response: number;
}

export function drawParticipantLatent(rng: Random, female: boolean, age: number, responseRng?: Random): ParticipantLatent {
  const e = DEMOGRAPHIC_EFFECTS;
  const demographic = e.female * ((female ? 1 : 0) - e.female_share) + e.age_per_year * (age - e.age_mean);
  const common = demographic + Math.sqrt(1 - DEMOGRAPHIC_VARIANCE) * rng.normal();
  const specific = new Float64Array(DIMENSIONS.length);
  for (let i = 0; i < DIMENSIONS.length; i++) specific[i] = rng.normal();
  return { common, specific, response: responseRng ? responseRng.normal() : 0 };
}

/** Latent values and 1-5 scores of one conversation, in DIMENSIONS order. */
export interface ConversationScores {
  latent: Float64Array;
  scores: Int8Array;
}

export function drawConversationScores(
  rng: Random,
  person: ParticipantLatent,
  condition: Condition,
  post: boolean,
  scenario: Scenario,
  cal: Calibration = calibration(),
): ConversationScores {
  const cell = cellIndex(condition, post);
  const conversationFactor = rng.normal();
  const latent = new Float64Array(DIMENSIONS.length);
  const scores = new Int8Array(DIMENSIONS.length);
  const a = Math.sqrt(COMMON_PARTICIPANT_SHARE);
  const b = Math.sqrt(COMMON_CONVERSATION_SHARE);
  const response = post ? RESPONSE_SD[condition] * responseOf(person.response, RESPONSE_SHAPE[condition]) : 0;
  DIMENSIONS.forEach((d, i) => {
    const c = Math.sqrt(PARTICIPANT_SHARE[d] - COMMON_PARTICIPANT_SHARE);
    const e = Math.sqrt(1 - PARTICIPANT_SHARE[d] - COMMON_CONVERSATION_SHARE);
    const z = SIGN[d] * (a * person.common + b * conversationFactor + response) + c * person.specific[i]! + e * rng.normal();
    const value = cal[d].latentMeans[cell]! + SCENARIO_SHIFT[d][scenario] + LATENT_SD[d] * z;
    latent[i] = value;
    scores[i] = Math.min(5, Math.max(1, Math.round(value)));
  });
  return { latent, scores };
}
