// Agreement at 100x in pieces: the pair-count query, the fit on its rows, computeAgreement end to end (wall and this
// process's CPU, DuckDB's threads included), and beside them a plain GROUP BY of the same scores as a yardstick for
// the machine's load. Usage: npx tsx bench/agreement-pairs.bench.ts [workspace] (default: the analyses-100x bench's;
// a copy works while that bench holds it).
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Workspace } from '../main/db/workspace.js';
import { computeAgreement } from '../main/services/analysis/index.js';
import { loadPairCounts } from '../main/studydata/agreement.js';
import { agreementComparisons, agreementTableRows } from '../workers/analysis/agreement.js';
const ws = await Workspace.open(process.argv[2] ?? resolve(import.meta.dirname, '.tmp', 'analyses', 'x100.duckdb'));
const db = ws.db;
const sets = ['simulated-judge', 'bench-rater-b', 'bench-rater-c'];
const dims = (await db.all<{ d: string }>(`SELECT DISTINCT dimension AS d FROM scores WHERE score_set_id = 'simulated-judge' ORDER BY 1`)).map((r) => r.d);
const comps = agreementComparisons(sets, ['simulated-judge'], ['bench-rater-b', 'bench-rater-c']);
console.log(new Date().toISOString(), 'load', loadavg()[0].toFixed(1));
for (let r = 0; r < 2; r++) {
  let t0 = performance.now();
  const counts = await loadPairCounts(db, sets, dims, comps);
  const sql = performance.now() - t0;
  t0 = performance.now();
  agreementTableRows({ dimensions: dims, comparisons: comps.length, counts, flagMetric: 'kappa_scale' });
  const fit = performance.now() - t0;
  t0 = performance.now();
  const c0 = process.cpuUsage();
  await computeAgreement(db, { a: 'simulated-judge', b: 'median(bench-rater-b,bench-rater-c)' });
  const all = performance.now() - t0;
  const cu = process.cpuUsage(c0);
  const cpu = (cu.user + cu.system) / 1000;
  t0 = performance.now();
  await db.all(`SELECT conversation_id, dimension, count(*) FROM scores WHERE score_set_id IN ('simulated-judge', 'bench-rater-b', 'bench-rater-c') GROUP BY ALL LIMIT 1`);
  const g = performance.now() - t0;
  console.log(`pair counts SQL ${sql.toFixed(0)} ms (${counts.length} rows), fit ${fit.toFixed(0)} ms, computeAgreement ${all.toFixed(0)} ms (CPU ${cpu.toFixed(0)} ms); plain GROUP BY conversation, dimension of the 3 sets' scores ${g.toFixed(0)} ms`);
}
console.log(new Date().toISOString(), 'load', loadavg()[0].toFixed(1));
ws.close();
