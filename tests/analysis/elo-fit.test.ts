// eloFit on typed arrays against the previous implementation (kept below as the oracle: elo() over string ids, a Map
// of overall scores, an object per rated conversation), on synthetic inputs with judgments of unknown conversations,
// ties, conversations never compared, missing overall scores, conversations without a scenario and equal scores
// across decile edges. Every field equal, deciles and Spearman rows included (the ranks now come from one study-wide
// order per side, walked per scenario).
import { describe, expect, it } from 'vitest';
import { elo, mean, mulberry32 } from '../../main/analysis/index.js';
import type { SpearmanRow } from '../../main/api/contract/index.js';
import { eloFit, type EloFit, type EloFitRow, type EloInput } from '../../workers/analysis/elo.js';
import { meanCi, spearmanRow } from '../../workers/analysis/rows.js';

function previousEloFit(input: EloInput): EloFit {
  const j = input.judgments;
  const judgments = [];
  for (let i = 0; i < j.length; i++) {
    if (j.a[i] < 0 || j.b[i] < 0) continue;
    const a = String(j.a[i]);
    const b = String(j.b[i]);
    judgments.push({ a, b, winner: j.choice[i] === 0 ? a : j.choice[i] === 1 ? b : null });
  }
  const result = elo(judgments, { k: input.k, initial: input.initial });
  const ov = input.overall;
  const overallOf = new Map<number, number | null>();
  if (ov) for (let i = 0; i < ov.length; i++) overallOf.set(ov.conversation[i], ov.overall[i]);
  const codes = Object.keys(result.ratings).map(Number).sort((p, q) => p - q);
  const rows: EloFitRow[] = codes.map((c) => ({ code: c, scenario: input.scenarios[input.scenarioOfCode[c]] ?? null, rating: result.ratings[String(c)], games: result.games[String(c)], overall: overallOf.get(c) ?? null }));
  const deciles: EloFit['deciles'] = [];
  const spearman: SpearmanRow[] = [];
  if (ov) {
    spearman.push(spearmanRow('Elo vs overall score (all)', rows.map((r) => r.rating), rows.map((r) => r.overall)));
    const scenarios = [...new Set(rows.map((r) => r.scenario ?? '(none)'))].sort();
    for (const sc of scenarios) {
      const rs = rows.filter((r) => (r.scenario ?? '(none)') === sc && r.overall != null);
      spearman.push(spearmanRow(`Elo vs overall score (${sc})`, rs.map((r) => r.rating), rs.map((r) => r.overall)));
      rs.sort((p, q) => p.overall! - q.overall! || p.code - q.code);
      const groups = new Map<number, typeof rs>();
      rs.forEach((r, k) => {
        const d = Math.floor((10 * k) / rs.length) + 1;
        (groups.get(d) ?? groups.set(d, []).get(d)!).push(r);
      });
      for (const [d, g] of groups) {
        const m = meanCi(g.map((r) => r.rating));
        deciles.push({ scenario: sc, decile: d, n: g.length, meanElo: m.mean, ci: m.ci, meanOverall: mean(g.map((r) => r.overall!)), codes: g.slice(0, input.maxDecileIds).map((r) => r.code) });
      }
    }
  }
  return { judgments: j.length, conversations: rows.length, rows: input.withRows ? rows : null, deciles, spearman };
}

function input(seed: number, items: number, n: number, opts: Partial<EloInput> = {}): EloInput {
  const rng = mulberry32(seed);
  const a: number[] = [];
  const b: number[] = [];
  const choice: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = rng() < 0.01 ? -1 : Math.floor(rng() * items);
    let y = Math.floor(rng() * (items - 1));
    if (y >= x) y++;
    a.push(x);
    b.push(y);
    choice.push(rng() < 0.08 ? -1 : rng() < 0.5 ? 0 : 1);
  }
  // Codes up to items + 50 (some never compared), overall on a coarse grid (ties across decile edges), some missing.
  const conversation: number[] = [];
  const overall: (number | null)[] = [];
  for (let c = 0; c < items + 50; c++) {
    if (rng() < 0.05) continue;
    conversation.push(c);
    overall.push(rng() < 0.07 ? null : Math.round((rng() * 20 - 8) * 2) / 2);
  }
  const scenarioOfCode = Int32Array.from({ length: items + 50 }, () => (rng() < 0.03 ? -1 : Math.floor(rng() * 4)));
  return {
    judgments: { a, b, choice, length: n }, scenarios: ['loss', 'work', 'health', 'family'], scenarioOfCode,
    overall: { conversation, overall, length: conversation.length }, maxDecileIds: 7, withRows: true, ...opts,
  };
}

describe('eloFit on typed arrays', () => {
  it('equals the previous implementation, field for field', () => {
    for (const inp of [input(1, 300, 4000), input(2, 2000, 30000, { k: 20, initial: 1500, withRows: false }), input(3, 40, 200, { overall: null })]) {
      expect(eloFit(inp)).toEqual(previousEloFit(inp));
    }
  });
  it('names conversations without a scenario (none, out of range, past the scenario codes) as the previous one did', () => {
    const inp = input(4, 500, 6000);
    inp.scenarioOfCode = inp.scenarioOfCode.slice(0, 480).map((s, c) => (c % 11 === 0 ? 7 : s));
    inp.scenarios = ['loss', 'work', '(none)', 'family'];
    expect(eloFit(inp)).toEqual(previousEloFit(inp));
  });
});
