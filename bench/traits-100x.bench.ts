// Trait, incidence shifts (z tests) and scenario types at 100x: the services end to end (cache bypassed, as the API
// calls them) beside the previous row-wise readers and fits, alternating in one process so both see the same load.
//
//   nice npx tsx bench/traits-100x.bench.ts [--db bench/.tmp/analyses/x100.duckdb] [--runs 3] [--only trait|shifts|scenario]
//
// The workspace is the one bench/analyses-100x.bench.ts loads once from the generated 100x study (290,400
// conversations, 5.2 M scores, 1.16 M self-reports, 7.57 M sentence labels); pass a copy with --db while another bench
// holds that file. Timed, median (min) of --runs after a warm-up, before and after alternating each run:
//   trait     before: every conversation's scores and every self-report read into JS, fitted row by row (the path until
//             now, kept in tests/analysis/previous-readers.ts) and every participant's id read; after: computeTrait
//   shifts    level-2 nodes, z tests. before: the labelled sentences counted per query and the labels-per-sentence
//             pass (previous-readers.ts), then the same fit; after: computeShifts, which sums the labelling's cells
//             (shift_label_cells). "first" is computeShifts right after the cells were dropped: it counts them again,
//             what the first shift query after an import or a scenario change pays.
//   scenario  before: every score of the set read into JS with its design and scenarioProfiles on them; after:
//             computeScenarioTypes (per-cell moments from DuckDB).

import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { scenarioProfiles, type ScenarioScoreRow } from '../main/analysis/index.js';
import { dropDerived } from '../main/db/derived-table.js';
import { Workspace } from '../main/db/workspace.js';
import { computeScenarioTypes, computeShifts, computeTrait } from '../main/services/analysis/index.js';
import { distinctValues, orderDimensions, participantIds, resolveScoreSet, studyConditions } from '../main/studydata/common.js';
import { roundsOf } from '../main/studydata/effects.js';
import { SHIFT_LABEL_CELLS } from '../main/studydata/shift-cells.js';
import type { ShiftQuery } from '../main/studydata/shifts.js';
import { loadScenarioData, previousLabelsPerSentence, previousShiftCounts, previousTrait } from '../tests/analysis/previous-readers.js';
import { shiftsFit } from '../workers/analysis/shifts.js';

const { values } = parseArgs({ options: { db: { type: 'string' }, runs: { type: 'string', default: '3' }, only: { type: 'string' } } });
const RUNS = Math.max(1, Number(values.runs));
const path = values.db ?? resolve(import.meta.dirname, '.tmp', 'analyses', 'x100.duckdb');
const log = (s: string) => process.stderr.write(s + '\n');
const ws = await Workspace.open(path);
const db = ws.db;
const started = new Date().toISOString().slice(0, 16).replace('T', ' ');
const loadStart = loadavg()[0];

const shiftQuery: ShiftQuery = {
  labelling: 'ground-truth', level: 'level2', topK: 2, baselineRound: 1, postRounds: [2, 3], preConditions: null, postConditions: ['coach', 'combined'], scenarioTypes: null,
};
const CASES: [name: string, before: () => Promise<unknown>, after: () => Promise<unknown>][] = [
  ['trait', async () => (await previousTrait(db), await participantIds(db)), () => computeTrait(db)],
  ['shifts', async () => {
    const rounds = (await db.all<{ r: number }>(`SELECT DISTINCT round AS r FROM conversations WHERE round IS NOT NULL ORDER BY 1`)).map((r) => r.r);
    const counts = await previousShiftCounts(db, { ...shiftQuery, postRounds: rounds.filter((r) => r > 1) });
    return [shiftsFit({ test: 'z', counts }), await previousLabelsPerSentence(db, 'ground-truth', 2)];
  }, () => computeShifts(db, { level: 'level2' })],
  ['scenario', async () => {
    const set = await resolveScoreSet(db);
    const types = await distinctValues(db, 'scenario_type');
    const present = await studyConditions(db);
    const dims = orderDimensions(set.dimensions);
    const data = await loadScenarioData(db, set.id, dims, types, present);
    const rows: ScenarioScoreRow[] = new Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const t = data.scenario_type[i];
      const c = data.condition[i];
      rows[i] = { dimension: dims[data.dimension[i]], scenarioType: t == null ? null : types[t], condition: c == null ? null : present[c], round: data.round[i], score: data.score[i] };
    }
    return scenarioProfiles(rows, { dimensions: dims, scenarioTypes: types, baselineRound: 1, baselineConditions: present, trajectoryConditions: ['coach', 'combined'], rounds: await roundsOf(db, set.id) });
  }, () => computeScenarioTypes(db)],
];

const time = async (run: () => Promise<unknown>) => {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
};
const stat = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return `${Math.round(s[Math.floor(s.length / 2)]).toLocaleString('en-US')} (${Math.round(s[0]).toLocaleString('en-US')})`;
};
const rows: string[] = [];
for (const [name, before, after] of CASES) {
  if (values.only && values.only !== name) continue;
  let first = '';
  if (name === 'shifts') {
    await dropDerived(db, SHIFT_LABEL_CELLS);
    first = `; first (counts the cells) ${Math.round(await time(after)).toLocaleString('en-US')}`;
  }
  await before();
  await after();
  const b: number[] = [];
  const a: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    b.push(await time(before));
    a.push(await time(after));
  }
  log(`  ${name}: before ${stat(b)} ms, after ${stat(a)} ms${first} (load ${loadavg()[0].toFixed(1)})`);
  rows.push(`| ${name} | ${stat(b)} | ${stat(a)}${first} |`);
}
ws.close();
process.stdout.write([
  `${path}: ms, median (min) of ${RUNS} runs after a warm-up, ${cpus().length} CPUs; ${started} UTC, load ${loadStart.toFixed(1)} → ${loadavg()[0].toFixed(1)}`,
  '',
  '| analysis | before: row-wise readers (same run) | after: DuckDB summaries, end to end |',
  '| --- | ---: | ---: |',
  ...rows,
].join('\n') + '\n');
