// The §6 preference fit as it was before its trials became typed columns (an object per trial with a predictors
// Record, rater and scenario strings, Bradley-Terry over String(code) choices, the LLM's votes in a Map keyed by
// float pair keys), kept as the oracle that the columnar fit (workers/analysis/preference.ts) is compared with. Its
// logit and Bradley-Terry are the engine's as they were then (previous-logit.ts, previous-bradley-terry.ts).

import type { LogitTerm, PreferenceItem, PreferenceModel, SpearmanRow } from '../../main/api/contract/index.js';
import { AnalysisDataError, binnedRates, type PreferenceTrial } from '../../main/analysis/index.js';
import { eloFromJudgments } from '../../workers/analysis/elo.js';
import type { PreferenceFit, PreferenceInput } from '../../workers/analysis/preference.js';
import { maxOf, SIX, spearmanRow, term } from '../../workers/analysis/rows.js';
import { previousBradleyTerry as bradleyTerry } from './previous-bradley-terry.js';
import { previousPreferenceLogit as preferenceLogit } from './previous-logit.js';

export function previousPreferenceFit(input: PreferenceInput): PreferenceFit {
  const { human, humanJudges, data } = input;
  const labels = { scenarios: input.scenarios };
  // The score set's row of each conversation code (-1: not scored), typed: a Map of 290,400 entries at 100x cost more
  // than the models. Only the trials' conversations are looked up.
  let size = 0;
  for (let i = 0; i < data.length; i++) size = Math.max(size, data.conversation[i] + 1);
  const rowOf = new Int32Array(size).fill(-1);
  for (let i = 0; i < data.length; i++) if (data.conversation[i] >= 0) rowOf[data.conversation[i]] = i;
  const row = (c: number) => (c >= 0 && c < size ? rowOf[c] : -1);
  const overall = (c: number) => {
    const i = row(c);
    return i < 0 ? null : data.overall[i];
  };
  const dim = (c: number, d: string) => {
    const i = row(c);
    return i < 0 ? null : data.dims[d][i];
  };

  // The LLM's pick for a pair: its majority choice when it judged that pair, else the higher Elo rating.
  const pairKey = (x: number, y: number) => (x < y ? x * 4294967296 + y : y * 4294967296 + x);
  // Votes of the LLM on the pairs humans compared: [wins of the lower code, wins of the higher code].
  const llmVotes = new Map<number, [number, number]>();
  for (let i = 0; i < human.length; i++) llmVotes.set(pairKey(human.a[i], human.b[i]), [0, 0]);
  let elo: ReturnType<typeof eloFromJudgments> | null = null;
  // The LLM judge's Elo rating of a conversation, undefined when it never compared it.
  const ratingOf = (c: number) => (elo && c >= 0 && c < elo.games.length && elo.games[c] > 0 ? elo.ratings[c] : undefined);
  if (input.llm) {
    const j = input.llm;
    elo = eloFromJudgments(j);
    for (let i = 0; i < j.length; i++) {
      const votes = llmVotes.get(pairKey(j.a[i], j.b[i]));
      if (!votes) continue;
      const w = j.choice[i] === 0 ? j.a[i] : j.choice[i] === 1 ? j.b[i] : -1;
      if (w < 0) continue;
      votes[w === Math.min(j.a[i], j.b[i]) ? 0 : 1]++;
    }
  }
  const counts = { human: human.length, raters: new Set(Array.from(human.judge)).size, used: 0, ties: 0, llmFromJudgment: 0, llmFromElo: 0, llmUnknown: 0 };
  const llmPick = (a: number, b: number): number | null => {
    const v = llmVotes.get(pairKey(a, b));
    const va = v ? v[a < b ? 0 : 1] : 0;
    const vb = v ? v[a < b ? 1 : 0] : 0;
    if (va !== vb) {
      counts.llmFromJudgment++;
      return va > vb ? a : b;
    }
    const ra = ratingOf(a);
    const rb = ratingOf(b);
    if (ra !== undefined && rb !== undefined && ra !== rb) {
      counts.llmFromElo++;
      return ra > rb ? a : b;
    }
    counts.llmUnknown++;
    return null;
  };

  const higher: (PreferenceTrial & { a: number; b: number })[] = [];
  const higherComp: PreferenceTrial[] = [];
  const llm: PreferenceTrial[] = [];
  const llmComp: PreferenceTrial[] = [];
  const components = (pick: number, other: number) => Object.fromEntries(SIX.map((d) => [d, (dim(pick, d) ?? NaN) - (dim(other, d) ?? NaN)]));
  for (let i = 0; i < human.length; i++) {
    const a = human.a[i];
    const b = human.b[i];
    const winner = human.choice[i] === 0 ? a : human.choice[i] === 1 ? b : -1;
    const oa = overall(a);
    const ob = overall(b);
    if (winner < 0 || oa == null || ob == null) continue;
    counts.used++;
    const rater = humanJudges[human.judge[i]];
    const scenario = labels.scenarios[human.scenario[i]] ?? '(none)';
    if (oa === ob) counts.ties++;
    else {
      const hi = oa > ob ? a : b;
      const lo = hi === a ? b : a;
      higher.push({ rater, scenario, y: winner === hi ? 1 : 0, predictors: { abs_diff: Math.abs(oa - ob) }, a, b });
      higherComp.push({ rater, scenario, y: winner === hi ? 1 : 0, predictors: components(hi, lo) });
    }
    const pick = llmPick(a, b);
    if (pick !== null) {
      const other = pick === a ? b : a;
      llm.push({ rater, scenario, y: winner === pick ? 1 : 0, predictors: { abs_diff: Math.abs(oa - ob) } });
      llmComp.push({ rater, scenario, y: winner === pick ? 1 : 0, predictors: components(pick, other) });
    }
  }
  const fit = (outcome: PreferenceModel['outcome'], predictors: PreferenceModel['predictors'], trials: PreferenceTrial[]): PreferenceModel => {
    const base = { outcome, predictors, n: trials.length, clusters: new Set(trials.map((t) => t.rater)).size, reference: input.referenceScenario ?? '', names: [] as string[], terms: {} as Record<string, LogitTerm>, pseudoR2: null };
    try {
      const f = preferenceLogit(trials, { reference: input.referenceScenario });
      const terms = Object.fromEntries(f.names.map((nm) => {
        const t = f.terms[nm];
        return [nm, { ...term(t), oddsRatio: t.oddsRatio, orCi: [t.orCi[0], t.orCi[1]] as [number, number] }];
      }));
      return { ...base, reference: f.reference, names: f.names, terms, pseudoR2: f.pseudoR2, error: null };
    } catch (e) {
      // A model the data cannot support (separation, too few trials) is reported with its reason; a bug is not.
      if (!(e instanceof AnalysisDataError)) throw e;
      return { ...base, error: e.message };
    }
  };
  const models = [
    fit('higher-score', 'overall', higher),
    fit('llm-choice', 'overall', llm),
    fit('higher-score', 'components', higherComp),
    fit('llm-choice', 'components', llmComp),
  ];

  // Observed rates by |difference| (Wilson intervals) and the fitted curve of the first model.
  const x = higher.map((t) => t.predictors.abs_diff);
  const y = higher.map((t) => Number(t.y));
  const maxDiff = x.length ? maxOf(x, -Infinity) : 1;
  const edges = input.binEdges?.length ? [...input.binEdges] : Array.from({ length: Math.ceil(maxDiff) + 1 }, (_, k) => k + 1).filter((_, k, arr) => k === 0 || arr[k - 1] <= maxDiff);
  const rawBins = edges.length >= 2 ? binnedRates(x, y, { edges }) : binnedRates(x, y);
  const bins = rawBins.map((bin) => {
    const last = bin.hi === edges[edges.length - 1];
    const codes = new Set<number>();
    for (const t of higher) {
      const v = t.predictors.abs_diff;
      // A one-value bin (no edges apply) takes its own value's trials only: it took every trial from its value up
      // until the fix that counts its pairs as binnedRates counts its trials.
      if (bin.lo === bin.hi ? v === bin.lo : v >= bin.lo && (v < bin.hi || (last && v === bin.hi))) {
        codes.add(t.a);
        codes.add(t.b);
      }
    }
    return { ...bin, codes: [...codes] };
  });
  const curve: { x: number; p: number }[] = [];
  const m0 = models[0];
  if (!m0.error && higher.length) {
    const b0 = m0.terms.intercept.coef;
    const b1 = m0.terms.abs_diff.coef;
    const offsets = higher.map((t) => m0.terms[`scenario:${t.scenario}`]?.coef ?? 0);
    for (let k = 0; k <= 40; k++) {
      const xv = (maxDiff * k) / 40;
      let sum = 0;
      for (const o of offsets) sum += 1 / (1 + Math.exp(-(b0 + b1 * xv + o)));
      curve.push({ x: xv, p: sum / offsets.length });
    }
  }

  // Bradley-Terry per scenario from the human choices; Spearman with the overall score and with Elo.
  const items: (Omit<PreferenceItem, 'conversationId'> & { code: number })[] = [];
  const regularized: string[] = [];
  const scenarioCodes = [...new Set(Array.from(human.scenario))].sort((p, q) => p - q);
  for (const sc of scenarioCodes) {
    const name = labels.scenarios[sc] ?? '(none)';
    const choices = [];
    for (let i = 0; i < human.length; i++) {
      if (human.scenario[i] !== sc || human.a[i] < 0 || human.b[i] < 0) continue;
      const a = String(human.a[i]);
      const b = String(human.b[i]);
      if (human.choice[i] === 0) choices.push({ winner: a, loser: b });
      else if (human.choice[i] === 1) choices.push({ winner: b, loser: a });
    }
    if (choices.length === 0) continue;
    const bt = bradleyTerry(choices);
    if (bt.regularized) regularized.push(name);
    bt.items.forEach((code, k) =>
      items.push({
        code: Number(code), scenario: name, strength: bt.strength[k], logStrength: bt.logStrength[k],
        wins: bt.wins[k], games: bt.games[k], elo: ratingOf(Number(code)) ?? null, overall: overall(Number(code)),
      }),
    );
  }
  const scenarioNames = [...new Set(items.map((i) => i.scenario))];
  const spearmanRows: SpearmanRow[] = [
    spearmanRow('Bradley-Terry vs overall score', items.map((i) => i.logStrength), items.map((i) => i.overall)),
    ...(input.llm ? [spearmanRow('Bradley-Terry vs Elo', items.map((i) => i.logStrength), items.map((i) => i.elo))] : []),
    ...scenarioNames.flatMap((sc) => {
      const its = items.filter((i) => i.scenario === sc);
      return [
        spearmanRow(`${sc}: Bradley-Terry vs overall score`, its.map((i) => i.logStrength), its.map((i) => i.overall)),
        ...(input.llm ? [spearmanRow(`${sc}: Bradley-Terry vs Elo`, its.map((i) => i.logStrength), its.map((i) => i.elo))] : []),
      ];
    }),
  ];
  return { trials: counts, models, edges, bins, curve, items, regularized, spearman: spearmanRows };
}
