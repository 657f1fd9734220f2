// `workbench analyze | figures | report`: the paper's analyses, figures and supplement from the command line, over
// the same functions as the app (main/services/analysis, main/figures).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type AgreementStat, SHIFT_TESTS, type ShiftLevel, type ShiftTest } from './api/contract/index.js';
import { Workspace } from './db/workspace.js';
import {
  APP_VERSION, computeAgreement, computeAgreementMatrix, computeContrasts, computeEffects, computeElo, computePreference, computeRci,
  computeScenarioTypes, computeShifts, computeTrait,
} from './services/analysis/index.js';
import { agreementResultTable, agreementTable } from './figures/agreement.js';
import { buildCatalog } from './figures/catalog.js';
import { contrastsTable, effectsTable, overallEffectsTable } from './figures/effects.js';
import { fixed, provenanceLine, scenarioLabel } from './figures/format.js';
import { renderSvg } from './figures/headless.js';
import { preferenceTables, spearmanTable } from './figures/preference.js';
import { rciTable } from './figures/rci.js';
import { scenarioBaselineTable, scenarioTrajectoryTable } from './figures/scenario-types.js';
import { reportHtml } from './figures/report.js';
import { shiftsTable } from './figures/shifts.js';
import { rowsToCsv, tableToCsv, tableToLatex, tableToMarkdown, tableToText } from './figures/tables.js';
import { sharesTable, traitTable } from './figures/trait.js';
import type { TableSpec } from './figures/types.js';
import { studyName } from './studydata/common.js';

export const ANALYSES = ['effects', 'contrasts', 'rci', 'trait', 'shifts', 'agreement', 'preference', 'elo', 'scenario-types'] as const;

export const ANALYZE_USAGE = `workbench analyze <analysis> --db FILE [--score-set ID] [--reference LEVEL] [--json]

analyses (methods.md section):
  effects      condition effects in SD units, clustered OLS (§1)     [--conditions a,b,..] [--dimension D ...] [--scenario-type T]
               --dimension overall: the overall score EE+VE+DU-AG-SO-DE as its own outcome, also in points and baseline SDs
  contrasts    pairwise treatment contrasts, Holm-adjusted (§2)       same options as effects
  rci          reliable change index per participant (§3)            [--reference control] [--threshold 1.96] [--conditions ...]
  trait        trait and self-report vs expressed empathy (§4)       [--conditions ...] [--rounds 1,2,3]
  shifts       incidence shifts of labels / taxonomy nodes (§5)      [--labelling L] [--level category|level1|level2|level3] [--top-k 2]
                                                                    [--post-conditions coach,combined] [--pre-conditions ...] [--scenario-type T]
                                                                    [--test z|clustered-logit] (default z, the paper's)
  agreement    two raters: --a SET --b SET (id, rater, or median(A,B,C)) [--reps 1000] [--seed N] [--flag-metric kappa_scale]
               or --matrix for every rater against the expert median
  preference   human-LLM preference logits, Bradley-Terry (§6)       [--llm-judge ID] [--reference-scenario S]
  elo          Elo from pairwise LLM judgments (§7)                   [--judge ID] [--ratings]
  scenario-types  standardized scores, workplace vs personal (Ext. Data Figs. 3-4) [--conditions ..] [--post-conditions coach,combined] [--rounds 1,2,3]
pre/post: [--baseline-round 1] [--post-rounds 2,3]
`;

class CliUsageError extends Error {}

/** Bad flags print the message and exit 2; errors about the data propagate (the CLI prints them, exit 1). */
async function usageErrors(fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof CliUsageError)) throw e;
    process.stderr.write(`workbench: ${e.message}\n`);
    return 2;
  }
}

const OPTIONS = {
  db: { type: 'string' }, json: { type: 'boolean' }, 'score-set': { type: 'string' }, reference: { type: 'string' },
  conditions: { type: 'string' }, dimension: { type: 'string', multiple: true }, 'scenario-type': { type: 'string', multiple: true },
  'baseline-round': { type: 'string' }, 'post-rounds': { type: 'string' }, threshold: { type: 'string' }, rounds: { type: 'string' },
  labelling: { type: 'string' }, level: { type: 'string' }, 'top-k': { type: 'string' }, 'post-conditions': { type: 'string' },
  'pre-conditions': { type: 'string' }, a: { type: 'string' }, b: { type: 'string' }, reps: { type: 'string' }, seed: { type: 'string' },
  'flag-metric': { type: 'string' }, matrix: { type: 'boolean' }, 'llm-judge': { type: 'string' }, 'reference-scenario': { type: 'string' },
  judge: { type: 'string' }, ratings: { type: 'boolean' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  test: { type: 'string' },
} as const;

type Values = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (e) {
    throw new CliUsageError((e as Error).message);
  }
}

const list = (s?: string) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined);
function num(s: string | undefined, name: string): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isFinite(n)) throw new CliUsageError(`--${name} expects a number, got "${s}"`);
  return n;
}
function nums(s: string | undefined, name: string): number[] | undefined {
  return list(s)?.map((x) => num(x, name)!);
}

async function withWorkspace<T>(values: Values, fn: (ws: Workspace, path: string) => Promise<T>): Promise<T> {
  if (!values.db) throw new CliUsageError('--db FILE is required');
  const path = resolve(values.db);
  const ws = await Workspace.open(path);
  try {
    return await fn(ws, path);
  } finally {
    ws.close();
  }
}

function print(s: string): void {
  process.stdout.write(s.endsWith('\n') ? s : s + '\n');
}

function printTables(tables: TableSpec[], provenance: string): void {
  print(tables.map(tableToText).join('\n'));
  print(provenance);
}

/** `workbench analyze <analysis> ...`; returns the exit code (0 ok, 2 usage). Errors about the data propagate as thrown errors. */
export async function analyzeCommand(argv: string[]): Promise<number> {
  return usageErrors(() => analyzeCommandInner(argv));
}

async function analyzeCommandInner(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  const analysis = positionals[0];
  if (values.help || !analysis) {
    process.stdout.write(ANALYZE_USAGE);
    return analysis || values.help ? 0 : 2;
  }
  if (!(ANALYSES as readonly string[]).includes(analysis)) {
    process.stderr.write(`workbench analyze: unknown analysis "${analysis}"\n\n${ANALYZE_USAGE}`);
    return 2;
  }
  const prePost = { baselineRound: num(values['baseline-round'], 'baseline-round'), postRounds: nums(values['post-rounds'], 'post-rounds') };
  const scoreSetId = values['score-set'];
  const scenarioTypes = values['scenario-type'];
  return withWorkspace(values, async (ws) => {
    const db = ws.db;
    let result: unknown;
    let tables: TableSpec[] = [];
    let prov = '';
    switch (analysis) {
      case 'effects':
      case 'contrasts': {
        if ((scenarioTypes?.length ?? 0) > 1) throw new CliUsageError('--scenario-type: effects take one scenario type');
        const args = { scoreSetId, reference: values.reference, conditions: list(values.conditions), dimensions: values.dimension, scenarioType: scenarioTypes?.[0] ?? null, ...prePost };
        if (analysis === 'effects') {
          const r = await computeEffects(db, args);
          result = r;
          tables = [effectsTable(r), ...(r.dimensions.overall ? [overallEffectsTable(r)] : [])];
          prov = provenanceLine(r.provenance);
        } else {
          const r = await computeContrasts(db, args);
          result = r;
          tables = [contrastsTable(r)];
          prov = provenanceLine(r.provenance);
        }
        break;
      }
      case 'rci': {
        const r = await computeRci(db, { scoreSetId, control: values.reference, threshold: num(values.threshold, 'threshold'), conditions: list(values.conditions), ...prePost });
        result = r;
        tables = [rciTable(r)];
        prov = provenanceLine(r.provenance);
        break;
      }
      case 'trait': {
        const r = await computeTrait(db, { scoreSetId, conditions: list(values.conditions), rounds: nums(values.rounds, 'rounds') });
        result = r;
        tables = [traitTable(r), sharesTable(r)];
        prov = provenanceLine(r.provenance);
        break;
      }
      case 'shifts': {
        const level = values.level as ShiftLevel | undefined;
        if (level && !['category', 'level1', 'level2', 'level3'].includes(level)) throw new CliUsageError(`--level must be category, level1, level2 or level3, got "${level}"`);
        const test = values.test as ShiftTest | undefined;
        if (test && !(SHIFT_TESTS as readonly string[]).includes(test)) throw new CliUsageError(`--test must be ${SHIFT_TESTS.join(' or ')}, got "${test}"`);
        const r = await computeShifts(db, {
          labelling: values.labelling, level, topK: num(values['top-k'], 'top-k'), postConditions: list(values['post-conditions']),
          preConditions: list(values['pre-conditions']), scenarioTypes, test, ...prePost,
        });
        result = r;
        tables = [shiftsTable(r)];
        prov = provenanceLine(r.provenance);
        break;
      }
      case 'agreement': {
        const metric = values['flag-metric'] as AgreementStat | undefined;
        if (metric && !['kappa_scale', 'kappa_observed', 'alpha', 'rho', 'exact'].includes(metric)) throw new CliUsageError(`--flag-metric must be kappa_scale, kappa_observed, alpha, rho or exact`);
        if (values.matrix) {
          const r = await computeAgreementMatrix(db, { reference: values.b, reps: num(values.reps, 'reps'), metric, dimensions: values.dimension });
          result = r;
          tables = [agreementTable('agreement-matrix', 'Agreement by rater pair and dimension', r.rows, r.metric)];
          prov = provenanceLine(r.provenance);
        } else {
          if (!values.a || !values.b) throw new CliUsageError('agreement needs --a SET and --b SET (a score set id, a rater name, or median(A,B,C)), or --matrix');
          const r = await computeAgreement(db, { a: values.a, b: values.b, reps: num(values.reps, 'reps'), seed: num(values.seed, 'seed'), flagMetric: metric, dimensions: values.dimension });
          result = r;
          tables = [agreementResultTable(r)];
          prov = provenanceLine(r.provenance);
        }
        break;
      }
      case 'preference': {
        const r = await computePreference(db, { scoreSetId, llmJudgeId: values['llm-judge'], referenceScenario: values['reference-scenario'] });
        result = r;
        tables = [...preferenceTables(r), spearmanTable('preference-spearman', 'Spearman correlations of human Bradley-Terry strengths', r.spearman)];
        prov = provenanceLine(r.provenance);
        break;
      }
      case 'elo': {
        const r = await computeElo(db, { judgeId: values.judge, scoreSetId, ratings: !!values.ratings });
        result = r;
        tables = [
          {
            id: 'elo-deciles', title: `Mean Elo by overall-score decile (judge ${r.judgeId}, ${r.judgments} judgments)`,
            columns: [{ key: 'scenario', label: 'Scenario' }, { key: 'decile', label: 'Decile', align: 'right' }, { key: 'n', label: 'n', align: 'right' }, { key: 'elo', label: 'Mean Elo', align: 'right' }, { key: 'overall', label: 'Mean overall', align: 'right' }],
            rows: r.deciles.map((d) => ({ scenario: scenarioLabel(d.scenario), decile: String(d.decile), n: String(d.n), elo: fixed(d.meanElo, 1), overall: fixed(d.meanOverall, 2) })),
          },
          spearmanTable('elo-spearman', 'Spearman correlations of Elo with the overall score', r.spearman),
        ];
        prov = provenanceLine(r.provenance);
        break;
      }
    }
    if (analysis === 'scenario-types') {
      const r = await computeScenarioTypes(db, {
        scoreSetId, dimensions: values.dimension, conditions: list(values.conditions), trajectoryConditions: list(values['post-conditions']),
        rounds: nums(values.rounds, 'rounds'), baselineRound: prePost.baselineRound,
      });
      result = r;
      tables = [scenarioBaselineTable(r), scenarioTrajectoryTable(r)];
      prov = provenanceLine(r.provenance);
    }
    if (values.json) print(JSON.stringify(result, null, 2));
    else printTables(tables, prov);
    return 0;
  });
}

export const FIGURES_USAGE = `workbench figures --db FILE --out DIR [--score-set ID] [--reference LEVEL] [--labelling L] [--json]
  writes every figure as DIR/<figure>.svg with DIR/<figure>.csv (the plotted data) and its tables as
  DIR/tables/<table>.{csv,md,tex}; figures the study cannot support are listed with the reason.
`;

/** `workbench figures --db F --out DIR`: every figure as SVG + CSV of its plotted data, headless. */
export async function figuresCommand(argv: string[]): Promise<number> {
  return usageErrors(() => figuresCommandInner(argv));
}

async function figuresCommandInner(argv: string[]): Promise<number> {
  const { values } = parse(argv);
  if (values.help) {
    process.stdout.write(FIGURES_USAGE);
    return 0;
  }
  if (!values.out) throw new CliUsageError('figures: --out DIR is required');
  const out = resolve(values.out);
  return withWorkspace(values, async (ws) => {
    const catalog = await buildCatalog(ws.db, { scoreSetId: values['score-set'], reference: values.reference, labelling: values.labelling });
    mkdirSync(join(out, 'tables'), { recursive: true });
    const written: { id: string; paperRef: string; svg: string | null; csv: string | null; tables: string[]; skipped: string | null }[] = [];
    for (const e of catalog) {
      if (!e.figure) {
        written.push({ id: e.id, paperRef: e.paperRef, svg: null, csv: null, tables: [], skipped: e.skipped });
        continue;
      }
      const f = e.figure;
      writeFileSync(join(out, `${f.id}.svg`), `<?xml version="1.0" encoding="UTF-8"?>\n${renderSvg(f)}\n`);
      writeFileSync(join(out, `${f.id}.csv`), rowsToCsv(f.data));
      const tables: string[] = [];
      for (const t of f.tables) {
        if (tables.includes(t.id)) continue;
        writeFileSync(join(out, 'tables', `${t.id}.csv`), tableToCsv(t));
        writeFileSync(join(out, 'tables', `${t.id}.md`), tableToMarkdown(t));
        writeFileSync(join(out, 'tables', `${t.id}.tex`), tableToLatex(t));
        tables.push(t.id);
      }
      written.push({ id: f.id, paperRef: f.paperRef, svg: `${f.id}.svg`, csv: `${f.id}.csv`, tables, skipped: null });
    }
    writeFileSync(join(out, 'figures.json'), JSON.stringify({ appVersion: APP_VERSION, figures: written }, null, 2) + '\n');
    if (values.json) print(JSON.stringify({ out, figures: written }, null, 2));
    else {
      for (const w of written) print(w.skipped ? `  skipped ${w.id} (${w.paperRef}): ${w.skipped}` : `  ${w.paperRef.padEnd(22)} ${w.svg}, ${w.csv}${w.tables.length ? `, tables/${w.tables.join(', tables/')}` : ''}`);
      print(`${written.filter((w) => !w.skipped).length} figures written to ${out}`);
    }
    return 0;
  });
}

export const REPORT_USAGE = `workbench report --db FILE --out report.html [--score-set ID] [--reference LEVEL] [--labelling L]
  one self-contained HTML page: every figure (inline SVG), its tables and a provenance line.
`;

/** `workbench report --db F --out report.html`: one self-contained HTML page with all figures and tables. */
export async function reportCommand(argv: string[]): Promise<number> {
  return usageErrors(() => reportCommandInner(argv));
}

async function reportCommandInner(argv: string[]): Promise<number> {
  const { values } = parse(argv);
  if (values.help) {
    process.stdout.write(REPORT_USAGE);
    return 0;
  }
  if (!values.out) throw new CliUsageError('report: --out FILE is required');
  const out = resolve(values.out);
  return withWorkspace(values, async (ws, path) => {
    const catalog = await buildCatalog(ws.db, { scoreSetId: values['score-set'], reference: values.reference, labelling: values.labelling });
    const s = await studyName(ws.db);
    const html = reportHtml({
      study: s.name, simulated: s.simulated, dbPath: path, appVersion: APP_VERSION, generatedAt: new Date().toISOString(),
      items: catalog.map((e) => ({ id: e.id, paperRef: e.paperRef, figure: e.figure, svg: e.figure ? renderSvg(e.figure) : null, skipped: e.skipped })),
    });
    writeFileSync(out, html);
    const n = catalog.filter((e) => e.figure).length;
    print(values.json ? JSON.stringify({ out, figures: n, skipped: catalog.filter((e) => !e.figure).map((e) => ({ id: e.id, reason: e.skipped })) }, null, 2) : `Report with ${n} figures written to ${out}`);
    return 0;
  });
}

export { CliUsageError };
