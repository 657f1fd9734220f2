// The §6 preference fit over typed trial columns (workers/analysis/preference.ts) against the previous fit over
// trial objects (tests/analysis/previous-preference-fit.ts), on the simulated demo study's trials as the service reads
// them and on variants of them: no LLM judge, unknown conversations, trials without a choice or a scenario, a missing
// dimension score (the component models' error), custom bin edges with another reference scenario, differences all
// below 1 (one bin per value, listing its own trials' conversations). Every field equal: models, bins with their codes, curve, Bradley-Terry items, Spearman
// (the strengths to 1e-10: see expectSameFit).

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoStudy } from '../../data/generate-demo-study.js';
import { Backend } from '../../main/backend.js';
import type { Db } from '../../main/db/workspace.js';
import { loadPreferenceInput } from '../../main/services/analysis/preference.js';
import { preferenceFit, type PreferenceInput } from '../../workers/analysis/preference.js';
import { SIX } from '../../workers/analysis/rows.js';
import { closeAll } from '../golden/helpers.js';
import { tempDir } from '../helpers/tiny-study.js';
import { previousPreferenceFit } from './previous-preference-fit.js';

const tmp = tempDir('workbench-preference-fit-');
let b: Backend;
let db: Db;
let demo: PreferenceInput;

beforeAll(async () => {
  const dir = join(tmp.path, 'demo');
  await writeDemoStudy(dir, { scale: 1 });
  b = new Backend({ home: tmp.path });
  db = (await b.open(join(tmp.path, 'demo.duckdb'))).db;
  const csv = (f: string) => `read_csv('${join(dir, f).replaceAll("'", "''")}', header = true, all_varchar = true)`;
  await db.run(`INSERT INTO participants (participant_id, condition, jordan_empathy, sites, import_id)
    SELECT participant_id, condition, TRY_CAST(jordan_empathy AS DOUBLE), TRY_CAST(sites AS DOUBLE), 'demo' FROM ${csv('participants.csv')}`);
  await db.run(`INSERT INTO conversations (conversation_id, participant_id, round, scenario, scenario_type, import_id)
    SELECT conversation_id, participant_id, CAST(round AS INTEGER), scenario, scenario_type, 'demo' FROM ${csv('conversations.csv')}`);
  await db.run(`INSERT INTO scores (score_set_id, conversation_id, dimension, score, import_id)
    SELECT rater, conversation_id, dimension, TRY_CAST(score AS DOUBLE), 'demo' FROM ${csv('scores.csv')}`);
  await db.run(`INSERT INTO score_sets SELECT DISTINCT score_set_id, score_set_id, 'llm', 1, 5, TIMESTAMP '2000-01-01', NULL, 'demo' FROM scores`);
  await db.run(`INSERT INTO pairwise SELECT judge_id, judge_kind, CAST(trial AS INTEGER), conversation_a, conversation_b, choice, 'demo' FROM ${csv('pairwise.csv')}`);
  demo = (await loadPreferenceInput(db)).input;
}, 600_000);
afterAll(() => {
  b?.close();
  tmp.cleanup();
});

/** A copy of the input with its columns as plain arrays (the previous fit's shape), changed by `edit`. */
type PlainInput = PreferenceInput & {
  human: { [K in 'judge' | 'a' | 'b' | 'choice' | 'scenario']: number[] };
  data: { overall: (number | null)[]; dims: Record<string, (number | null)[]> };
};
function variant(edit: (i: PlainInput) => void = () => {}): PreferenceInput {
  const h = demo.human;
  const copy = {
    ...demo,
    human: { judge: Array.from(h.judge), a: Array.from(h.a), b: Array.from(h.b), choice: Array.from(h.choice), scenario: Array.from(h.scenario), length: h.length },
    data: { ...demo.data, overall: Array.from(demo.data.overall), dims: Object.fromEntries(Object.entries(demo.data.dims).map(([d, v]) => [d, Array.from(v)])) },
    llm: demo.llm && { a: Int32Array.from(demo.llm.a), b: Int32Array.from(demo.llm.b), choice: Int32Array.from(demo.llm.choice), length: demo.llm.length },
  };
  edit(copy);
  return copy;
}

/** A value's numbers in walk order, and the value with each number replaced by 0 (its shape and every other field). */
function numbersOf(value: unknown): { numbers: number[]; shape: unknown } {
  const numbers: number[] = [];
  const shape = JSON.parse(JSON.stringify(value, (_, v) => (typeof v === 'number' ? (numbers.push(v), 0) : v)));
  return { numbers, shape };
}

/**
 * The fit from typed columns (as the service sends them) equals the previous fit from objects: every field exactly,
 * but two kinds of numbers. The Bradley-Terry strengths, which Newton steps now carry to the maximum
 * (main/analysis/bradleyTerryNewton.ts) where the previous MM steps stopped short of it (by up to 5e-12 in log strength
 * at 100x), to 1e-10. The models' statistics, which now sum each distinct trial row once with its count
 * (main/analysis/logit-patterns.ts), so in another order, and the first model's fitted curve, to 1e-9 relative.
 */
function expectSameFit(input: PreferenceInput, previousInput: PreferenceInput = input): ReturnType<typeof preferenceFit> {
  const typed = { ...input, human: { ...input.human, judge: Int32Array.from(input.human.judge), a: Int32Array.from(input.human.a), b: Int32Array.from(input.human.b), choice: Int32Array.from(input.human.choice), scenario: Int32Array.from(input.human.scenario) } };
  const now = preferenceFit(typed);
  const before = previousPreferenceFit(previousInput);
  // Bins list their codes ascending now (first seen first before).
  const ascending = (codes: number[]) => [...codes].sort((p, q) => p - q);
  const rest = (fit: typeof now) => ({
    ...fit, models: null, curve: null, bins: fit.bins.map((bin) => ({ ...bin, codes: ascending(bin.codes) })),
    items: fit.items.map(({ strength, logStrength, ...item }) => item),
  });
  expect(rest(now)).toEqual(rest(before));
  for (const bin of now.bins) expect(bin.codes).toEqual(ascending(bin.codes));
  const [m, mBefore] = [numbersOf([now.models, now.curve]), numbersOf([before.models, before.curve])];
  expect(m.shape).toEqual(mBefore.shape);
  closeAll(m.numbers, mBefore.numbers, 'model numbers', 1e-9, 1e-12);
  closeAll(now.items.map((i) => i.logStrength), before.items.map((i) => i.logStrength), 'log strength', 0, 1e-10);
  closeAll(now.items.map((i) => i.strength), before.items.map((i) => i.strength), 'strength', 1e-10, 0);
  return now;
}

describe('preference fit from typed columns equals the fit from trial objects', () => {
  it('the demo study as the service reads it (LLM judge, ties, both scenarios)', () => {
    expect(demo.human.length).toBeGreaterThan(1000);
    expect(demo.llm).not.toBeNull();
    const fit = expectSameFit(variant());
    expect(fit.models.every((m) => m.error === null)).toBe(true);
    expect(fit.trials.ties).toBeGreaterThan(0);
    expect(fit.trials.llmFromJudgment + fit.trials.llmFromElo).toBeGreaterThan(0);
    expect(new Set(fit.items.map((i) => i.scenario)).size).toBeGreaterThanOrEqual(2);
    expect(fit.bins.length).toBeGreaterThan(1);
  });
  it('without an LLM judge: no LLM picks, so the LLM-choice models report no trials', () => {
    const fit = expectSameFit(variant((v) => (v.llm = null)));
    expect(fit.models[1].error).toMatch(/no trials/);
  });
  it('unknown conversations, trials without a choice or a scenario, a rater with one trial', () => {
    const fit = expectSameFit(variant((v) => {
      for (let i = 0; i < v.human.length; i += 7) v.human.a[i] = -1;
      for (let i = 3; i < v.human.length; i += 11) v.human.choice[i] = -1;
      for (let i = 5; i < v.human.length; i += 13) v.human.scenario[i] = -1;
      v.humanJudges = [...v.humanJudges, 'lone rater'];
      v.human.judge[1] = v.humanJudges.length - 1;
    }));
    // '(none)' sorts first, so it is the reference, and every named scenario has its column.
    const named = new Set(Array.from(demo.human.scenario, (s) => `scenario:${demo.scenarios[s]}`));
    expect([fit.models[0].reference, fit.models[0].names.filter((n) => n.startsWith('scenario:'))]).toEqual(['(none)', [...named].sort()]);
    expect(fit.items.some((i) => i.scenario === '(none)')).toBe(true);
  });
  it('a missing dimension score: the component models report the trial, the overall ones fit', () => {
    const fit = expectSameFit(variant((v) => (v.data.dims[SIX[3]][v.data.length >> 1] = null)));
    expect(fit.models[2].error).toMatch(/no finite value for predictor/);
    expect(fit.models[0].error).toBeNull();
  });
  it('a missing overall score as NaN (the typed pivot rows) drops its trials as null did, and its item shows null', () => {
    const withNull = variant((v) => {
      for (let k = 0; k < v.data.length; k += 9) v.data.overall[k] = null;
    });
    const withNaN = { ...withNull, data: { ...withNull.data, overall: Float64Array.from(withNull.data.overall, (o) => o ?? NaN) } };
    const fit = expectSameFit(withNaN, withNull);
    const missing = fit.items.filter((i) => i.overall === null);
    expect(missing.length).toBeGreaterThan(5);
    expect(fit.items.every((i) => i.overall === null || Number.isFinite(i.overall))).toBe(true);
    expect(fit.trials.used).toBeLessThan(preferenceFit(demo).trials.used);
  });
  it('custom bin edges and the second scenario as reference', () => {
    const fit = expectSameFit(variant((v) => {
      v.binEdges = [0, 0.5, 1.25, 2, 9];
      v.referenceScenario = v.scenarios[1];
    }));
    expect(fit.models[0].reference).toBe(demo.scenarios[1]);
  });
  it('differences all below 1: one bin per value', () => {
    const fit = expectSameFit(variant((v) => (v.data.overall = v.data.overall.map((o) => (o == null ? null : o / 100)))));
    expect(fit.edges).toEqual([1]);
    expect(fit.bins.every((bin) => bin.lo === bin.hi)).toBe(true);
  });
  it("differences all below 1: a one-value bin lists the conversations of its own value's trials only", () => {
    const input = variant((v) => (v.data.overall = v.data.overall.map((o) => (o == null ? null : o / 100))));
    const fit = preferenceFit(input);
    // Counted here from the trials: both conversations scored, a choice, no tie; the bin of |difference| d.
    const row = new Map(Array.from({ length: input.data.length }, (_, i) => [input.data.conversation[i], i]));
    const score = (c: number) => (row.has(c) ? input.data.overall[row.get(c)!] : null);
    const byValue = new Map<number, { n: number; codes: Set<number> }>();
    const h = input.human;
    for (let i = 0; i < h.length; i++) {
      const [oa, ob] = [score(h.a[i]), score(h.b[i])];
      if (oa == null || ob == null || oa === ob || (h.choice[i] !== 0 && h.choice[i] !== 1)) continue;
      const d = Math.abs(oa - ob);
      const e = byValue.get(d) ?? { n: 0, codes: new Set<number>() };
      e.n++;
      e.codes.add(h.a[i]).add(h.b[i]);
      byValue.set(d, e);
    }
    expect(fit.bins.length).toBe(byValue.size);
    expect(fit.bins.length).toBeGreaterThan(2);
    for (const bin of fit.bins) {
      expect(bin.n).toBe(byValue.get(bin.lo)!.n);
      expect(new Set(bin.codes)).toEqual(byValue.get(bin.lo)!.codes);
    }
  });
});
