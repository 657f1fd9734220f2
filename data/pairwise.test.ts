import { describe, expect, it } from 'vitest';
import { Random } from './prng.js';
import {
  drawBalancedPairs, drawDecilePool, eloExpected, humanExperimentSize, simulateExperiment2, simulateHumanRaters, simulateLlmJudgments, type PairwiseRow,
} from './pairwise.js';

function spearman(a: readonly number[], b: readonly number[]): number {
  const rank = (xs: readonly number[]) => {
    const order = xs.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
    const r = new Array<number>(xs.length);
    for (let i = 0; i < order.length; ) {
      let j = i;
      while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
      for (let k = i; k <= j; k++) r[order[k]![1]] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  const ra = rank(a);
  const rb = rank(b);
  const m = (ra.length - 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  ra.forEach((x, i) => {
    sab += (x - m) * (rb[i]! - m);
    saa += (x - m) ** 2;
    sbb += (rb[i]! - m) ** 2;
  });
  return sab / Math.sqrt(saa * sbb);
}

describe('Elo', () => {
  it('uses the logistic expectation with a 400-point scale', () => {
    expect(eloExpected(1000, 1000)).toBe(0.5);
    expect(eloExpected(1400, 1000)).toBeCloseTo(10 / 11, 12);
    expect(eloExpected(1000, 1200) + eloExpected(1200, 1000)).toBeCloseTo(1, 12);
  });
});

describe('adaptive LLM judgments', () => {
  const rng = new Random(5, 'pairwise-test');
  const n = 400;
  const members = Array.from({ length: n }, (_, i) => i);
  const overall = Int8Array.from(members, () => Math.round(rng.normal() * 4));
  const rows: PairwiseRow[] = [];
  const elo = simulateLlmJudgments(rng, members, overall, 6000, 1, (r) => rows.push(r));

  it('emits one row per judgment in trial order, conserving total Elo', () => {
    expect(rows.length).toBe(6000);
    rows.forEach((r, i) => expect(r.trial).toBe(i + 1));
    expect(elo.reduce((a, b) => a + b, 0)).toBeCloseTo(1000 * n, 6);
  });

  it('compares every conversation about equally often', () => {
    const count = new Array(n).fill(0);
    for (const r of rows) {
      expect(r.a).not.toBe(r.b);
      count[r.a]++;
      count[r.b]++;
    }
    expect(Math.max(...count) - Math.min(...count)).toBeLessThanOrEqual(4);
  });

  it('ranks conversations by their overall score', () => {
    expect(spearman(Array.from(elo), Array.from(overall))).toBeGreaterThan(0.8);
  });

  it('draws three conversations from each Elo decile', () => {
    const pool = drawDecilePool(rng, members, elo);
    expect(pool.length).toBe(30);
    expect(new Set(pool).size).toBe(30);
    const sorted = [...members].sort((x, y) => elo[x]! - elo[y]! || x - y);
    const decile = new Map(sorted.map((c, rank) => [c, Math.floor((rank * 10) / n)]));
    const perDecile = new Array(10).fill(0);
    for (const c of pool) perDecile[decile.get(c)!]++;
    expect(perDecile).toEqual(new Array(10).fill(3));
  });
});

describe('human raters', () => {
  it('pairs conversations evenly and gives each rater ten trials within a scenario', () => {
    const rng = new Random(9);
    const pools = Array.from({ length: 5 }, (_, s) => Array.from({ length: 30 }, (_, i) => s * 100 + i));
    const pairs = drawBalancedPairs(rng, pools[0]!, 300);
    expect(new Set(pairs.map(([a, b]) => `${a}:${b}`)).size).toBe(300);
    const uses = new Map<number, number>();
    for (const [a, b] of pairs) for (const c of [a, b]) uses.set(c, (uses.get(c) ?? 0) + 1);
    expect(Math.max(...uses.values()) - Math.min(...uses.values())).toBeLessThanOrEqual(3);

    const overall = new Int8Array(500);
    const rows: PairwiseRow[] = [];
    simulateHumanRaters(rng, pools, overall, (r) => rows.push(r));
    expect(rows.length).toBe(1500);
    expect(new Set(rows.map((r) => r.judgeId)).size).toBe(150);
    for (const r of rows) expect(Math.floor(r.a / 100)).toBe(Math.floor(r.b / 100));
  });
});

describe('the human experiment at a study scale', () => {
  it("keeps the paper's 150 raters and 3 conversations a decile at scale 1 and grows both with the scale", () => {
    expect(humanExperimentSize(1)).toEqual({ raters: 150, perDecile: 3 });
    expect(humanExperimentSize(10)).toEqual({ raters: 1500, perDecile: 30 });
    expect(humanExperimentSize(0.5)).toEqual({ raters: 75, perDecile: 2 });
    expect(humanExperimentSize(0.001)).toEqual({ raters: 1, perDecile: 1 });
  });

  it('runs raters x 10 trials over a pool of 10 deciles x perDecile conversations a scenario', () => {
    const rng = new Random(3, 'experiment-test');
    const overall = Int8Array.from({ length: 3000 }, () => Math.round(rng.normal() * 4));
    const scenarioOf = Uint8Array.from(overall, (_, i) => i % 5);
    const rows: PairwiseRow[] = [];
    const run = simulateExperiment2(11, 2, overall, scenarioOf, (r) => rows.push(r));
    const human = rows.filter((r) => r.judgeKind === 'human');
    expect(run.raters).toBe(300);
    expect(human.length).toBe(run.humanRows);
    expect(human.length).toBe(3000);
    expect(new Set(human.map((r) => r.judgeId)).size).toBe(300);
    expect(run.pools.map((p) => p.length)).toEqual([60, 60, 60, 60, 60]);
    expect(new Set(human.flatMap((r) => [r.a, r.b])).size).toBe(300);
    for (const r of human) expect(scenarioOf[r.a]).toBe(scenarioOf[r.b]);
    expect(rows.filter((r) => r.judgeKind === 'llm').length).toBe(run.llmRows);
    expect(run.llmRows).toBe(5 * Math.round(10_000 * Math.SQRT2));

    // Same seed, same rows.
    const again: PairwiseRow[] = [];
    simulateExperiment2(11, 2, overall, scenarioOf, (r) => again.push(r));
    expect(again).toEqual(rows);
  });
});
