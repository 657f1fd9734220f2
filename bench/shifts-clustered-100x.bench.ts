// Incidence shifts with the participant-clustered logit at 100x (issue 12): computeShifts({ test: 'clustered-logit' })
// end to end (cache bypassed, as the API calls it) after its derived table is built, the first call on fresh data
// (which builds it), the table's size, and optionally the previous path in the same process.
//
//   nice npx tsx bench/shifts-clustered-100x.bench.ts [--db bench/.tmp/analyses/x100.duckdb] [--runs 5] [--before]
//
// The workspace is the one bench/analyses-100x.bench.ts loads once from the generated 100x study (290,400
// conversations, 96,800 participants, 7.57 M sentence labels); pass a copy with --db while another bench holds that
// file. Timed:
//   first   the participant cells and moments dropped, then one computeShifts: it counts the cells again and the
//           moments of its level and top k, what the first clustered query after an import or a scenario change pays
//   after   median (min) of --runs further calls
//   level   level-2 nodes, top 1: the first call computes that level's moments from the cells; then once more
//   before  (--before, once: minutes) the previous path: every labelled sentence counted distinct per participant and
//           label (tests/analysis/previous-readers.ts previousShiftCells), the labels-per-sentence pass, and the
//           row-by-row Newton-Raphson fit per label (tests/analysis/previous-clustered-fit.ts); its parts apart. The
//           largest relative difference printed is mostly the previous fit's: on 3.7 M rows its Newton iteration stops
//           short of the MLE (fitted shares off the observed ones by up to 1e-5 relative at 100x).

import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dropDerived } from '../main/db/derived-table.js';
import { Workspace } from '../main/db/workspace.js';
import { computeShifts } from '../main/services/analysis/index.js';
import { SHIFT_PARTICIPANT_CELLS } from '../main/studydata/shift-participants.js';
import type { ShiftQuery } from '../main/studydata/shifts.js';
import { rowwiseClusteredIncidenceShifts } from '../tests/analysis/previous-clustered-fit.js';
import { previousLabelsPerSentence, previousShiftCells } from '../tests/analysis/previous-readers.js';

const { values } = parseArgs({ options: {
  db: { type: 'string', default: resolve(import.meta.dirname, '.tmp', 'analyses', 'x100.duckdb') },
  runs: { type: 'string', default: '5' },
  before: { type: 'boolean', default: false },
} });
const RUNS = Math.max(1, Number(values.runs));
const log = (s: string) => process.stderr.write(s + '\n');
const stamp = () => `${new Date().toISOString().slice(11, 19)} UTC, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`;
const ms = (t: number) => `${Math.round(t).toLocaleString('en-US')} ms`;

const ws = await Workspace.open(values.db);
const db = ws.db;
// computeShifts' defaults on the bench study: categories, top 2, round 1 vs rounds 2-3 of coach and combined.
const args = { level: 'category', test: 'clustered-logit' } as const;
const query: ShiftQuery = {
  labelling: 'ground-truth', level: 'category', topK: 2, baselineRound: 1, postRounds: [2, 3], preConditions: null,
  postConditions: ['coach', 'combined'], scenarioTypes: null,
};
const timed = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const out = await run();
  return [out, performance.now() - t0];
};
const lines: string[] = [];
// Each line is logged as it is measured (a --before run takes minutes) and all of them again at the end.
const report = (line: string) => (lines.push(line), log(line));
report(`${cpus().length} CPUs, start ${stamp()}`);

await dropDerived(db, SHIFT_PARTICIPANT_CELLS);
await db.run('DELETE FROM shift_label_sets');
await db.run('DELETE FROM shift_participant_moments');
const [first, tFirst] = await timed(() => computeShifts(db, args));
report(`first call on fresh data (builds the participant cells and the category / top-2 moments): ${ms(tFirst)} (${stamp()})`);
await db.run('CHECKPOINT');
const size = await db.one<{ rows: number; sets: number; blocks: number }>(
  `SELECT (SELECT count(*) FROM shift_participant_cells) AS rows, (SELECT count(*) FROM shift_label_sets) AS sets,
     (SELECT count(DISTINCT block_id) FROM pragma_storage_info('shift_participant_cells') WHERE persistent) AS blocks`);
report(`table: ${Number(size?.rows).toLocaleString('en-US')} participant cells over ${size?.sets} label sets, ${size?.blocks} blocks of 256 KiB (≤ ${((Number(size?.blocks) * 262144) / 2 ** 20).toFixed(1)} MiB)`);

const after: number[] = [];
for (let i = 0; i < RUNS; i++) after.push((await timed(() => computeShifts(db, args)))[1]);
after.sort((a, b) => a - b);
report(`after: median ${ms(after[Math.floor(after.length / 2)])} (min ${ms(after[0])}) of ${RUNS} (${stamp()}); ${first.rows.length} rows, ${first.unfitted.length} unfitted`);

// Another level and top k on the same data: only its moments are computed.
const [, tLevel] = await timed(() => computeShifts(db, { ...args, level: 'level2', topK: 1 }));
const [, tLevelAgain] = await timed(() => computeShifts(db, { ...args, level: 'level2', topK: 1 }));
report(`level-2 nodes, top 1: first call (its moments) ${ms(tLevel)}, then ${ms(tLevelAgain)} (${stamp()})`);
const moments = await db.value<number>('SELECT count(*) FROM shift_participant_moments');
report(`moments: ${Number(moments).toLocaleString('en-US')} rows for the two levels`);

if (values.before) {
  const [cells, tCells] = await timed(() => previousShiftCells(db, query));
  const [, tPerSentence] = await timed(() => previousLabelsPerSentence(db, query.labelling, query.topK));
  const [fit, tFit] = await timed(async () => rowwiseClusteredIncidenceShifts(cells));
  report(`before: ${ms(tCells + tPerSentence + tFit)} = per-participant counts ${ms(tCells)} (${cells.length.toLocaleString('en-US')} cells) + labels per sentence ${ms(tPerSentence)} + row-wise fit ${ms(tFit)} (${stamp()})`);
  let worst = 0;
  fit.rows.forEach((r, i) => {
    const a = first.rows[i];
    for (const k of ['logOdds', 'logOddsSe', 'z', 'p', 'q', 'diff', 'seDiff'] as const)
      worst = Math.max(worst, Math.abs(a[k]! - r[k]) / Math.max(1e-300, Math.abs(r[k])));
  });
  report(`largest relative difference, after vs before, over ${fit.rows.length} rows: ${worst.toExponential(2)}`);
}
ws.close();
process.stdout.write(lines.join('\n') + '\n');
