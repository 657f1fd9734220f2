// Simulated participants: demographics matching the paper's sample (Methods, "Participants"), a
// balanced random split into the four conditions, trait empathy scales that are unrelated to how the
// person communicates, and the order of the three scenarios each one meets.

import { CONDITIONS, SCENARIOS, type Condition, type Scenario } from '../main/domain/study.js';
import { Random } from './prng.js';

export const PARTICIPANTS_PER_SCALE = 968;

export interface Participant {
  index: number;
  id: string;
  condition: Condition;
  age: number;
  sex: 'female' | 'male';
  ethnicity: string;
  jordanEmpathy: number;
  sites: number;
  scenarios: [Scenario, Scenario, Scenario];
  /** Mean sentences per supporter message (how wordy this person is). */
  verbosity: number;
  /** How generously this person rates their own empathy (self-reports only). */
  selfRating: number;
}

export const SEX_SHARES: readonly [string, number][] = [
  ['female', 0.518],
  ['male', 0.482],
];

export const ETHNICITY_SHARES: readonly [string, number][] = [
  ['White', 0.653],
  ['Black', 0.114],
  ['Mixed', 0.103],
  ['Other', 0.068],
  ['Asian', 0.062],
];

/**
 * Underlying normal of age, truncated to 18-86 and rounded, so that the sample has the paper's
 * mean 45.62 and sd 15.67 (solved numerically from the truncated-normal moments).
 */
export const AGE_LATENT = { mean: 42.323, sd: 19.689, min: 18, max: 86 };

/** Exact quotas by largest remainder, so scale 1 reproduces the paper's counts (501 women, 632 White...). */
export function quotas(total: number, shares: readonly (readonly [string, number])[]): string[] {
  const raw = shares.map(([, p]) => p * total);
  const counts = raw.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k++, left--) counts[byRemainder[k % byRemainder.length]![1]]!++;
  const out: string[] = [];
  shares.forEach(([label], i) => {
    for (let k = 0; k < counts[i]!; k++) out.push(label);
  });
  return out;
}

function drawAge(rng: Random): number {
  for (;;) {
    const a = Math.round(AGE_LATENT.mean + AGE_LATENT.sd * rng.normal());
    if (a >= AGE_LATENT.min && a <= AGE_LATENT.max) return a;
  }
}

function clampRound(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.round(x)));
}

export function generateParticipants(seed: number, count: number): Participant[] {
  const rng = new Random(seed, 'participants');
  const width = Math.max(6, String(count).length);
  const conditions = rng.shuffle(quotas(count, CONDITIONS.map((c) => [c, 1 / CONDITIONS.length] as const))) as Condition[];
  const sexes = rng.shuffle(quotas(count, SEX_SHARES));
  const ethnicities = rng.shuffle(quotas(count, ETHNICITY_SHARES));
  const out: Participant[] = [];
  for (let i = 0; i < count; i++) {
    // Trait scales come from their own stream: by construction they carry no information about scores.
    const trait = new Random(seed, 'trait', i);
    const disposition = trait.normal();
    let items = 0;
    for (let k = 0; k < 7; k++) items += clampRound(3.9 + 0.55 * disposition + 0.75 * trait.normal(), 1, 5);
    const sites = clampRound(3.9 + 0.5 * disposition + 0.8 * trait.normal(), 1, 5);
    const own = new Random(seed, 'participant-design', i);
    const scenarios = own.shuffle([...SCENARIOS]).slice(0, 3) as [Scenario, Scenario, Scenario];
    out.push({
      index: i,
      id: `P${String(i + 1).padStart(width, '0')}`,
      condition: conditions[i]!,
      age: drawAge(own),
      sex: sexes[i] as 'female' | 'male',
      ethnicity: ethnicities[i]!,
      jordanEmpathy: Math.round((items / 7) * 100) / 100,
      sites,
      scenarios,
      verbosity: Math.min(7, Math.max(2, 4.6 * Math.exp(0.25 * own.normal() - 0.03))),
      selfRating: trait.normal(),
    });
  }
  return out;
}
