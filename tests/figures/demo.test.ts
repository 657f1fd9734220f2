// The analyses on the simulated demo study, through the CLI: --json shapes, the effects recovered against the
// generating values stored by the importer (study_meta.generating_effects), incidence shifts against the engine's
// unit-level function, and `workbench figures` / `report` output.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../main/cli.js';
import { analyzeCommand, figuresCommand, reportCommand } from '../../main/analysis-cli.js';
import { Workspace } from '../../main/db/workspace.js';
import { incidenceShifts, type LabelledUnit } from '../../main/analysis/index.js';
import { computeShifts } from '../../main/services/analysis/index.js';
import type { AgreementResult, ContrastsResult, EffectsResult, EloResult, PreferenceResult, RciResult, ShiftsResult, TraitResult } from '../../main/api/contract/index.js';
import { capture, tempDir } from './helpers.js';

const tmp = tempDir('workbench-figures-demo-');
const db = join(tmp.path, 'demo.duckdb');
const json = async <T>(...args: string[]): Promise<T> => {
  const r = await capture(() => analyzeCommand([...args, '--db', db, '--json']));
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
};

beforeAll(async () => {
  const r = await capture(() => main(['demo', '--db', db, '--quiet']));
  expect(r.code).toBe(0);
}, 300_000);
afterAll(() => tmp.cleanup());

const DIMS = ['encouraging_elaboration', 'validating_emotions', 'demonstrating_understanding', 'advice_giving', 'self_oriented', 'dismissing_emotions'];
const TERMS = ['intercept', 'video', 'coach', 'combined', 'post', 'video:post', 'coach:post', 'combined:post'];

describe('workbench analyze --json on the demo study', () => {
  let effects: EffectsResult;
  beforeAll(async () => {
    effects = await json<EffectsResult>('effects');
  });

  it('effects: {"dimensions":{"<dimension>":{"n":…,"terms":{"intercept":{"coef","se","z","p"},…}}}}', () => {
    expect(Object.keys(effects.dimensions)).toEqual(DIMS);
    for (const d of DIMS) {
      const x = effects.dimensions[d];
      expect(x.n).toBe(2904);
      expect(Object.keys(x.terms)).toEqual(TERMS);
      for (const t of TERMS) {
        for (const k of ['coef', 'se', 'z', 'p'] as const) expect(Number.isFinite(x.terms[t][k]), `${d} ${t} ${k}`).toBe(true);
        expect(x.terms[t].z).toBeCloseTo(x.terms[t].coef / x.terms[t].se, 10);
        expect(x.terms[t].ci[0]).toBeLessThan(x.terms[t].ci[1]);
      }
    }
    expect(effects.provenance).toMatchObject({ analysis: 'effects', scoreSet: 'simulated-judge', simulated: true });
  });

  it('recovers the generating effects: at least 40 of the 48 generating values (6 dimensions x 8 terms) inside the 95% CIs, all within 3.3 SE', async () => {
    const ws = await Workspace.open(db);
    const gen = JSON.parse(await ws.db.value<string>(`SELECT CAST(value AS VARCHAR) FROM study_meta WHERE key = 'generating_effects'`)) as Record<string, Record<string, number>>;
    ws.close();
    let inside = 0;
    let total = 0;
    const outside: string[] = [];
    for (const d of DIMS) {
      for (const t of TERMS) {
        const est = effects.dimensions[d].terms[t];
        const truth = gen[d][t];
        total++;
        if (est.ci[0] <= truth && truth <= est.ci[1]) inside++;
        else outside.push(`${d} ${t}: ${truth} vs ${est.coef.toFixed(3)} [${est.ci.map((c) => c.toFixed(3)).join(', ')}]`);
        // 48 terms: |z| < 3.3 is a family-wise 5% bound (Bonferroni); the intercepts' SEs also leave out the noise
        // of the sample sd every score is divided by.
        expect(Math.abs(est.coef - truth) / est.se, `${d} ${t}`).toBeLessThan(3.3);
      }
    }
    expect(total).toBe(48);
    // Binomial(48, 0.95) puts 42+ inside with probability ~0.96; we require at least 40 (the exact count changes
    // whenever the generator does; determinism is data/generate-demo-study.test.ts's byte-identity check).
    expect(inside, outside.join('\n')).toBeGreaterThanOrEqual(40);
    // Every condition x post effect has the generating sign where the generating value is clearly non-zero.
    for (const d of DIMS) for (const c of ['video', 'coach', 'combined'])
      if (Math.abs(gen[d][`${c}:post`]) > 0.2) expect(Math.sign(effects.dimensions[d].terms[`${c}:post`].coef)).toBe(Math.sign(gen[d][`${c}:post`]));
  });

  it('contrasts: 18 Holm-adjusted tests (6 dimensions x 3 pairs), in the paper order', async () => {
    const c = await json<ContrastsResult>('contrasts');
    expect(c.tests).toBe(18);
    expect(c.rows.slice(0, 3).map((r) => `${r.a}-${r.b}`)).toEqual(['coach-video', 'combined-video', 'combined-coach']);
    for (const r of c.rows) expect(r.pHolm).toBeGreaterThanOrEqual(r.p);
  });

  it('rci: reliability from the control group and per-condition rates', async () => {
    const r = await json<RciResult>('rci');
    expect(r.model.reliability).toBeGreaterThan(0);
    expect(r.model.reliability).toBeLessThan(1);
    expect(r.conditions.map((c) => c.condition)).toEqual(['control', 'video', 'coach', 'combined']);
    expect(r.participants.length).toBe(968);
    const coach = r.conditions.find((c) => c.condition === 'coach')!;
    const control = r.conditions.find((c) => c.condition === 'control')!;
    expect(coach.pctImproved).toBeGreaterThan(control.pctImproved);
    expect(r.sDiff).toBeCloseTo(Math.sqrt(1.5 * r.model.s2Residual), 12);
  });

  it('trait: regressions for both trait scales and the self-report items', async () => {
    const r = await json<TraitResult>('trait');
    expect(r.traits).toEqual(['jordan_empathy', 'sites']);
    const overall = r.regressions.find((g) => g.predictor === 'jordan_empathy' && g.outcome === 'overall' && g.level === 'participant')!;
    expect(overall.n).toBe(968);
    expect(overall.rsquared).toBeLessThan(0.05);
    expect(r.itemOutcome).toMatchObject({ empathized: 'overall', showed_understanding: 'demonstrating_understanding', encouraged_elaboration: 'encouraging_elaboration' });
    expect(r.shares.length).toBeGreaterThan(0);
  });

  it('shifts: taxonomy nodes per scenario type with BH q-values', async () => {
    const r = await json<ShiftsResult>('shifts', '--level', 'level2');
    expect(new Set(r.rows.map((x) => x.scenarioType))).toEqual(new Set(['personal', 'workplace']));
    const ve = r.rows.find((x) => x.scenarioType === 'personal' && x.label === 'Affective/VE')!;
    expect(ve.name).toBe('Validating emotions');
    expect(ve.diff).toBeGreaterThan(0);
    const ag = r.rows.find((x) => x.scenarioType === 'personal' && x.label === 'Misattuned/AG')!;
    expect(ag.diff).toBeLessThan(0);
    for (const x of r.rows) expect(x.q).toBeGreaterThanOrEqual(x.p * (1 - 1e-12)); // q ≥ p up to rounding
  });

  it('preference: four logits (Supplementary Tables 9-12), Wilson bins, Bradley-Terry with Spearman', async () => {
    const r = await json<PreferenceResult>('preference');
    expect(r.models.map((m) => `${m.outcome}/${m.predictors}`)).toEqual(['higher-score/overall', 'llm-choice/overall', 'higher-score/components', 'llm-choice/components']);
    const m = r.models[0];
    expect(m.error).toBeNull();
    expect(m.terms.abs_diff.coef).toBeGreaterThan(0);
    expect(m.clusters).toBe(150);
    expect(r.bins.every((b) => b.ci[0] <= b.rate && b.rate <= b.ci[1])).toBe(true);
    expect(r.items.length).toBe(150);
    expect(r.spearman[0].label).toBe('Bradley-Terry vs overall score');
  });

  it('elo: deciles per scenario and Spearman with the overall score', async () => {
    const r = await json<EloResult>('elo');
    expect(r.judgments).toBe(50000);
    expect(r.deciles.length).toBe(50);
    expect(r.spearman[0].rho).toBeGreaterThan(0.5);
  });

  it('agreement: one score set only, so it says so; usage errors exit 2', async () => {
    await expect(capture(() => analyzeCommand(['agreement', '--db', db, '--a', 'simulated-judge', '--b', 'nobody', '--json']))).rejects.toThrow(/No score set or rater "nobody"/);
    const u = await capture(() => analyzeCommand(['agreement', '--db', db]));
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/--a SET and --b SET/);
    const bad = await capture(() => analyzeCommand(['effectz', '--db', db]));
    expect(bad.code).toBe(2);
    void ({} as AgreementResult);
  });

  it('prints human-readable tables without --json', async () => {
    const r = await capture(() => analyzeCommand(['effects', '--db', db]));
    expect(r.stdout).toContain('Extended Data Table 1');
    expect(r.stdout).toContain('AI coach × post');
    expect(r.stdout).toMatch(/Empathy Workbench \d/);
  });
});

describe('incidence shifts from SQL counts equal the engine on sentence units', () => {
  it('categories and level-2 nodes, both scenario types', async () => {
    const ws = await Workspace.open(db);
    try {
      const rows = await ws.db.all<{ scenario_type: string; grp: 'pre' | 'post'; labels: string[]; nodes: string[] }>(`
        SELECT c.scenario_type, CASE WHEN c.round = 1 THEN 'pre' ELSE 'post' END AS grp,
          list(DISTINCT l.category) AS labels, list(DISTINCT t.level1 || '/' || t.level2) AS nodes
        FROM sentence_labels l JOIN conversations c USING (conversation_id) JOIN participants p USING (participant_id)
        LEFT JOIN taxonomy t ON t.category = l.category
        WHERE l.labelling = 'ground-truth' AND l.rank <= 2 AND (c.round = 1 OR p.condition IN ('coach', 'combined'))
        GROUP BY l.conversation_id, l.turn, l.sentence_index, c.scenario_type, c.round`);
      for (const [level, key] of [['category', 'labels'], ['level2', 'nodes']] as const) {
        const units: LabelledUnit[] = rows.map((r) => ({ group: r.grp, scenarioType: r.scenario_type, labels: r[key] }));
        const engine = incidenceShifts(units);
        const ours = (await computeShifts(ws.db, { level })).rows;
        expect(ours.length).toBe(engine.length);
        ours.forEach((o, i) => {
          const e = engine[i];
          expect([o.scenarioType, o.label, o.nPre, o.nPost, o.countPre, o.countPost]).toEqual([e.scenarioType, e.label, e.nPre, e.nPost, e.countPre, e.countPost]);
          for (const k of ['diff', 'z', 'p', 'q'] as const) expect(o[k]).toBe(e[k]);
          expect(o.ci).toEqual(e.ci);
        });
      }
    } finally {
      ws.close();
    }
  });
});

describe('workbench figures and report', () => {
  it('figures: every figure as SVG plus the CSV of its plotted data; the agreement matrix is skipped with the reason', async () => {
    const out = join(tmp.path, 'figs');
    const r = await capture(() => figuresCommand(['--db', db, '--out', out, '--json']));
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as { figures: { id: string; svg: string | null; csv: string | null; skipped: string | null }[] };
    const made = res.figures.filter((f) => !f.skipped).map((f) => f.id);
    expect(made).toEqual(['effects', 'rci', 'trajectories', 'change-distribution', 'scenario-baseline', 'scenario-trajectories', 'trait', 'self-report', 'shifts-level2', 'theme-shifts-category', 'elo-deciles', 'preference-rates', 'bradley-terry']);
    expect(res.figures.find((f) => f.id === 'agreement-matrix')!.skipped).toMatch(/at least two score sets/);
    for (const id of made) {
      const svg = readFileSync(join(out, `${id}.svg`), 'utf8');
      expect(svg).toMatch(/^<\?xml[^>]*>\n<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svg).toContain('Empathy Workbench');
      // The demo is simulated: the stamp sits inside the plot, not only in the footer.
      expect(svg.match(/<svg[\s\S]*<svg[\s\S]*>SIMULATED DATA<\/text>[\s\S]*<\/svg>/), id).not.toBeNull();
      const csv = readFileSync(join(out, `${id}.csv`), 'utf8').trim().split('\n');
      expect(csv.length, id).toBeGreaterThan(1);
    }
    expect(readdirSync(join(out, 'tables'))).toEqual(expect.arrayContaining(['ed-table-1.tex', 'ed-table-2.md', 'overall-effects.md', 'supp-table-9.csv', 'rci-summary.md', 'ed-fig-3.md', 'ed-fig-4.csv']));
  });

  it('report: one self-contained HTML page with inline SVG figures, tables and provenance', async () => {
    const out = join(tmp.path, 'report.html');
    const r = await capture(() => reportCommand(['--db', db, '--out', out]));
    expect(r.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    const html = readFileSync(out, 'utf8');
    expect(html.match(/<figure><svg /g)?.length).toBe(13);
    expect(html).toContain('Extended Data Table 1');
    expect(html).toContain('Supplementary Table 12');
    expect(html).toContain('SIMULATED DATA');
    expect(html).not.toMatch(/<script|<link |src="http/);
    expect(html.match(/class="prov"/g)?.length).toBe(13);
  });
});
