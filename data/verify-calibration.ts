// The paper's headline numbers beyond Extended Data Table 1 (issue 13), recomputed on a generated study folder
// with the workbench's own statistics, each with a 95% CI: Fig. 3A reliable change, Fig. 2B level-2 incidence
// shifts, top-level shares of sentence units, Fig. 5B self-report vs judge, Fig. 6B preference rates and
// Supplementary Tables 9-12. A paper value printed as 2.9 is only known to ±0.05, so a check passes when
// the CI overlaps the interval the printed value stands for.

import { join } from 'node:path';
import {
  binnedRates, elo, preferenceLogit, reliableChange, twoProportionTest, wilsonInterval, type PreferenceTrial,
} from '../main/analysis/index.js';
import { CONDITIONS, DIMENSIONS, overallScore, SCENARIO_TYPE, type Dimension, type Scenario } from '../main/domain/study.js';
import type { ScenarioType } from './taxonomy.js';
import { readCsv, readTable } from './verify-csv.js';

export interface CalibrationCheck {
  group: string;
  name: string;
  paper: number;
  /** Half the last printed digit of the paper value (0.05 for 2.9). */
  rounding: number;
  simulated: number;
  ci: [number, number];
  inside: boolean;
  /** Set when the paper's own tables keep this number from its printed value at scale 10 (PAPER_CONFLICTS). */
  conflict?: string;
}

/**
 * The three numbers that Extended Data Table 1 and Supplementary Table 9 rule out at scale 10, each with the section
 * of data/README.md that shows why. They stay in the count; an OUTSIDE among them is the paper's conflict with itself
 * (the issue: follow Extended Data Table 1), not a bias of the generator, and the reports say so. Below scale 10 their
 * CIs are wide enough to cover the printed value by chance; they are still counted apart, at every scale, so that
 * the "allowed" count means the same thing at every scale.
 */
export const PAPER_CONFLICTS: Readonly<Record<string, string>> = {
  'control declined': 'Extended Data Table 1 gives the control no change, so each RCI tail holds ~2.5% (data/README.md, "Fig. 3A: what the response model can and cannot do")',
  '|difference| 5': 'with Supplementary Table 9 no monotone choice curve reaches it from scale 10 up (data/README.md, "Fig. 6B at scale 10")',
  '|difference| 10': 'with Supplementary Table 9 no monotone choice curve reaches it from scale 10 up (data/README.md, "Fig. 6B at scale 10")',
};

/** A check's name without the bin size, as PAPER_CONFLICTS and the seed summaries key it. */
export const checkKey = (name: string) => name.replace(/ \(n = \d+\)|: components with p < 0.05/g, '');

function check(group: string, name: string, paper: number, rounding: number, simulated: number, ci: [number, number]): CalibrationCheck {
  const conflict = PAPER_CONFLICTS[checkKey(name)];
  return { group, name, paper, rounding, simulated, ci, inside: ci[0] <= paper + rounding && paper - rounding <= ci[1], ...(conflict ? { conflict } : {}) };
}

/**
 * How many checks are inside; how many of those the paper's tables allow together (no conflict) are; and how many of
 * those an unbiased generator puts inside on average. A 95% CI covers the paper's value 95% of the time (a little
 * more, as the printed value's rounding counts); "none of six components significant" holds 0.95^6 of the time
 * for independent null components; the self-report R² bounds hold on essentially every draw (R² near 0 at n in the
 * thousands). So not all of them: about 30 of the 32.
 */
export function insideCounts(checks: readonly CalibrationCheck[]): { inside: number; allowed: number; allowedInside: number; unbiased: number } {
  const allowed = checks.filter((c) => !c.conflict);
  const chance = (c: CalibrationCheck) => (c.rounding > 0 ? 0.95 : c.name.includes('components') ? 0.95 ** 6 : 1);
  return {
    inside: checks.filter((c) => c.inside).length, allowed: allowed.length, allowedInside: allowed.filter((c) => c.inside).length,
    unbiased: allowed.reduce((sum, c) => sum + chance(c), 0),
  };
}

/** Fig. 3A: percent improved / declined by condition. */
export const PAPER_RCI: Record<string, [number, number]> = { control: [2.9, 1.6], video: [9.0, 1.6], coach: [21.6, 0.4], combined: [26.3, 0.4] };
/** Fig. 2B: level-2 shifts in percentage points, [personal, workplace]. */
export const PAPER_LEVEL2: Record<string, [number, number]> = {
  'Affective/VE': [3.9, 2.9],
  'Affective/DA': [3.0, 2.7],
  'Cognitive/EE': [1.8, 3.1],
  'Misattuned/AG': [-3.8, -5.1],
  'Misattuned/DE': [-1.6, -0.9],
};
/** Top-level shares of sentence units (percent). */
export const PAPER_LEVEL1: Record<string, number> = { Affective: 25, Cognitive: 27, Motivational: 26, Misattuned: 22 };
/** Fig. 5B: percent rating 4-5, [self-report, judge], with the self-report item of each dimension. */
export const PAPER_SELF: { dimension: Dimension; item: string; shares: [number, number] }[] = [
  { dimension: 'encouraging_elaboration', item: 'encouraged_elaboration', shares: [74, 18] },
  { dimension: 'demonstrating_understanding', item: 'showed_understanding', shares: [87, 9] },
];
/** Fig. 6B observed rates of choosing the higher-scored conversation at |difference| 1, 5 and 10. */
export const PAPER_RATES: [number, number][] = [[1, 51], [5, 73], [10, 93]];
/** Supplementary Table 9: select-the-higher slope per point of |overall difference|. */
export const PAPER_SELECT_HIGHER = 0.1438;
/** Supplementary Table 10: select-match slope per point of |overall difference|. */
export const PAPER_SELECT_MATCH = 0.1035;

export async function calibrationChecks(dir: string): Promise<CalibrationCheck[]> {
  const condition = new Map<string, string>();
  for (const p of await readTable(join(dir, 'participants.csv'))) condition.set(p.participant_id!, p.condition!);
  const conv = new Map<string, { participant: string; condition: string; round: number; scenario: Scenario }>();
  for (const c of await readTable(join(dir, 'conversations.csv')))
    conv.set(c.conversation_id!, { participant: c.participant_id!, condition: condition.get(c.participant_id!)!, round: Number(c.round), scenario: c.scenario as Scenario });
  const scores = new Map<string, Record<Dimension, number>>();
  let header = true;
  for await (const [cid, dim, score] of readCsv(join(dir, 'scores.csv'))) {
    if (header) {
      header = false;
      continue;
    }
    const s = scores.get(cid!) ?? ({} as Record<Dimension, number>);
    s[dim as Dimension] = Number(score);
    scores.set(cid!, s);
  }
  const overall = new Map([...scores].map(([cid, s]) => [cid, overallScore(s)!]));
  const out: CalibrationCheck[] = [];

  out.push(...rciChecks(conv, overall));

  // Fig. 2B and the level-1 shares, from the ground-truth labels.
  const level = new Map<string, { l1: string; l2: string }>();
  for (const t of await readTable(join(dir, 'taxonomy.csv'))) level.set(t.category!, { l1: t.level1!, l2: `${t.level1}/${t.level2}` });
  const tally = new UnitTally();
  header = true;
  for await (const [cid, , , category] of readCsv(join(dir, 'sentence_labels.csv'))) {
    if (header) {
      header = false;
      continue;
    }
    const c = conv.get(cid!)!;
    const { l1, l2 } = level.get(category!)!;
    tally.add(l1, l2, c.round, c.condition, SCENARIO_TYPE[c.scenario]);
  }
  out.push(...tally.checks());

  // Fig. 5B.
  const self = new Map<string, Map<string, number>>();
  for (const r of await readTable(join(dir, 'self_reports.csv'))) {
    const m = self.get(r.item!) ?? new Map<string, number>();
    m.set(r.conversation_id!, Number(r.value));
    self.set(r.item!, m);
  }
  out.push(...selfReportChecks(self, scores));

  out.push(...preferenceChecks(await readTable(join(dir, 'pairwise.csv')), conv, scores, overall));
  return out;
}

/** Fig. 3A: percent improved / declined by condition, with the workbench's reliableChange. */
export function rciChecks(
  conv: Map<string, { participant: string; condition: string; round: number }>,
  overall: Map<string, number>,
): CalibrationCheck[] {
  const out: CalibrationCheck[] = [];
  const rci = reliableChange([...conv].map(([cid, c]) => ({ participant: c.participant, condition: c.condition, round: c.round, overall: overall.get(cid) })));
  for (const cond of CONDITIONS) {
    const s = rci.conditions.find((x) => x.condition === cond)!;
    const pct = (k: number) => wilsonInterval(k, s.n).map((v) => 100 * v) as [number, number];
    out.push(check('Fig. 3A reliable change (%)', `${cond} improved`, PAPER_RCI[cond]![0], 0.05, s.pctImproved, pct(s.nImproved)));
    out.push(check('Fig. 3A reliable change (%)', `${cond} declined`, PAPER_RCI[cond]![1], 0.05, s.pctDeclined, pct(s.nDeclined)));
  }
  return out;
}

/** Sentence units by level-1 family, and by level-2 group before and after AI coaching per scenario type. */
export class UnitTally {
  private readonly level1 = { n: 0, by: new Map<string, number>() };
  private readonly groups = {
    personal: { pre: { n: 0, by: new Map<string, number>() }, post: { n: 0, by: new Map<string, number>() } },
    workplace: { pre: { n: 0, by: new Map<string, number>() }, post: { n: 0, by: new Map<string, number>() } },
  };

  add(level1: string, level2: string, round: number, condition: string, type: ScenarioType): void {
    this.level1.n++;
    this.level1.by.set(level1, (this.level1.by.get(level1) ?? 0) + 1);
    const g = round === 1 ? 'pre' : condition === 'coach' || condition === 'combined' ? 'post' : null;
    if (!g) return;
    const t = this.groups[type][g];
    t.n++;
    t.by.set(level2, (t.by.get(level2) ?? 0) + 1);
  }

  /** Fig. 2B level-2 shifts (coach and combined, post vs round 1) and the level-1 shares. */
  checks(): CalibrationCheck[] {
    const out: CalibrationCheck[] = [];
    for (const [l2, paper] of Object.entries(PAPER_LEVEL2))
      (['personal', 'workplace'] as const).forEach((type, i) => {
        const { pre, post } = this.groups[type];
        const t = twoProportionTest(post.by.get(l2) ?? 0, post.n, pre.by.get(l2) ?? 0, pre.n);
        out.push(check('Fig. 2B level-2 shift (pp)', `${l2} ${type}`, paper[i]!, 0.05, 100 * t.diff, [100 * t.ci[0], 100 * t.ci[1]]));
      });
    for (const [l1, paper] of Object.entries(PAPER_LEVEL1)) {
      const k = this.level1.by.get(l1) ?? 0;
      out.push(check('Level-1 share of units (%)', l1, paper, 0.5, (100 * k) / this.level1.n, wilsonInterval(k, this.level1.n).map((v) => 100 * v) as [number, number]));
    }
    return out;
  }
}

/** Fig. 5B: shares rating 4-5 by self-report (item -> conversation -> value) and by the judge, and the self-report R². */
export function selfReportChecks(self: Map<string, Map<string, number>>, scores: Map<string, Record<Dimension, number>>): CalibrationCheck[] {
  const out: CalibrationCheck[] = [];
  for (const { dimension, item, shares } of PAPER_SELF) {
    const values = [...(self.get(item) ?? new Map<string, number>())];
    const high = values.filter(([, v]) => v >= 4).length;
    out.push(check('Fig. 5B rating 4-5 (%)', `${item} self-report`, shares[0], 0.5, (100 * high) / values.length, wilsonInterval(high, values.length).map((v) => 100 * v) as [number, number]));
    const judged = [...scores.values()].map((s) => s[dimension]);
    const jHigh = judged.filter((v) => v >= 4).length;
    out.push(check('Fig. 5B rating 4-5 (%)', `${dimension} judge`, shares[1], 0.5, (100 * jHigh) / judged.length, wilsonInterval(jHigh, judged.length).map((v) => 100 * v) as [number, number]));
    const r2 = rSquared(values.map(([, v]) => v), values.map(([cid]) => scores.get(cid)![dimension]));
    out.push({ group: 'Fig. 5B rating 4-5 (%)', name: `${item} R² (judge on self-report)`, paper: 0.006, rounding: 0, simulated: r2, ci: [0, 0.006], inside: r2 <= 0.006 });
  }
  return out;
}

function rSquared(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? (sxy * sxy) / (sxx * syy) : 0;
}

/** Fig. 6B and Supplementary Tables 9-12 from pairwise.csv's rows, with the LLM's pick as the analysis service makes it. */
export function preferenceChecks(
  rows: readonly Record<string, string>[],
  conv: Map<string, { scenario: Scenario }>,
  scores: Map<string, Record<Dimension, number>>,
  overall: Map<string, number>,
): CalibrationCheck[] {
  const llmRows = rows.filter((r) => r.judge_kind === 'llm');
  const ratings = elo(llmRows.map((r) => ({ a: r.conversation_a!, b: r.conversation_b!, winner: r.choice === 'a' ? r.conversation_a! : r.conversation_b!, trial: Number(r.trial) }))).ratings;
  const wins = new Map<string, number>();
  for (const r of llmRows) {
    const [w, l] = r.choice === 'a' ? [r.conversation_a!, r.conversation_b!] : [r.conversation_b!, r.conversation_a!];
    wins.set(`${w}>${l}`, (wins.get(`${w}>${l}`) ?? 0) + 1);
  }
  const llmPick = (a: string, b: string): string | null => {
    const va = wins.get(`${a}>${b}`) ?? 0;
    const vb = wins.get(`${b}>${a}`) ?? 0;
    if (va !== vb) return va > vb ? a : b;
    const ra = ratings[a];
    const rb = ratings[b];
    return ra !== undefined && rb !== undefined && ra !== rb ? (ra > rb ? a : b) : null;
  };
  const higher: PreferenceTrial[] = [];
  const higherComp: PreferenceTrial[] = [];
  const llm: PreferenceTrial[] = [];
  const llmComp: PreferenceTrial[] = [];
  // Tables 11-12 take the component differences in the order the pair was shown (a - b), not oriented toward
  // the higher-scored conversation: their intercepts (0.71, 0.78) are the logits of the overall agreement
  // rates, not Tables 9-10's logits at a zero difference (-0.09, 0.23). See data/README.md.
  const components = (x: string, y: string) => Object.fromEntries(DIMENSIONS.map((d) => [d, scores.get(x)![d] - scores.get(y)![d]]));
  for (const r of rows) {
    if (r.judge_kind !== 'human') continue;
    const a = r.conversation_a!;
    const b = r.conversation_b!;
    const winner = r.choice === 'a' ? a : b;
    const scenario = conv.get(a)!.scenario;
    const diff = Math.abs(overall.get(a)! - overall.get(b)!);
    if (diff > 0) {
      const hi = overall.get(a)! > overall.get(b)! ? a : b;
      const lo = hi === a ? b : a;
      higher.push({ rater: r.judge_id!, scenario, y: winner === hi ? 1 : 0, predictors: { abs_diff: diff } });
      higherComp.push({ rater: r.judge_id!, scenario, y: winner === hi ? 1 : 0, predictors: components(a, b) });
    }
    const pick = llmPick(a, b);
    if (pick) {
      llm.push({ rater: r.judge_id!, scenario, y: winner === pick ? 1 : 0, predictors: { abs_diff: diff } });
      llmComp.push({ rater: r.judge_id!, scenario, y: winner === pick ? 1 : 0, predictors: components(a, b) });
    }
  }
  const out: CalibrationCheck[] = [];
  // One bin per whole point; the last bin is closed, so it ends at 10.5 to hold exactly 10.
  const bins = binnedRates(higher.map((t) => t.predictors.abs_diff!), higher.map((t) => t.y), { edges: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10.5] });
  for (const [d, paper] of PAPER_RATES) {
    const bin = bins.find((b) => b.lo === d);
    if (bin) out.push(check('Fig. 6B chose the higher score (%)', `|difference| ${d} (n = ${bin.n})`, paper, 0.5, 100 * bin.rate, [100 * bin.ci[0], 100 * bin.ci[1]]));
  }
  const slope = preferenceLogit(higher).terms.abs_diff!;
  out.push(check('Supplementary Tables 9-10', 'select-higher β per point', PAPER_SELECT_HIGHER, 0.00005, slope.coef, slope.ci));
  const match = preferenceLogit(llm).terms.abs_diff!;
  out.push(check('Supplementary Tables 9-10', 'select-match β per point', PAPER_SELECT_MATCH, 0.00005, match.coef, match.ci));
  for (const [name, trials] of [['Table 11 (higher score)', higherComp], ['Table 12 (LLM choice)', llmComp]] as const) {
    const fit = preferenceLogit(trials);
    const significant = DIMENSIONS.filter((d) => fit.terms[d]!.p < 0.05).length;
    out.push({ group: 'Supplementary Tables 11-12', name: `${name}: components with p < 0.05`, paper: 0, rounding: 0, simulated: significant, ci: [0, 0], inside: significant === 0 });
  }
  return out;
}

export function formatCalibration(checks: readonly CalibrationCheck[]): string[] {
  const lines: string[] = [];
  let group = '';
  for (const c of checks) {
    if (c.group !== group) {
      group = c.group;
      lines.push(group);
    }
    const f = (x: number) => (Math.abs(x) >= 10 || Number.isInteger(x) ? x.toFixed(1) : x.toFixed(3));
    const verdict = c.inside ? 'inside' : c.conflict ? `OUTSIDE: paper conflict, ${c.conflict}` : 'OUTSIDE';
    lines.push(`  ${c.name.padEnd(44)} paper ${f(c.paper).padStart(7)}  simulated ${f(c.simulated).padStart(7)}  [${f(c.ci[0])}, ${f(c.ci[1])}]  ${verdict}`);
  }
  const n = insideCounts(checks);
  lines.push(`${n.inside} of ${checks.length} inside; ${n.allowedInside} of the ${n.allowed} the paper's tables allow together (an unbiased study: about ${n.unbiased.toFixed(1)})`);
  return lines;
}
