// The map's projection end to end (issue 10), as the projection job runs it: the set's vectors read from a DuckDB
// workspace (loadMatrix, as main/map/run.ts does; the bench writes them there first, untimed), moved into a UMAP
// worker, optional PCA (randomized SVD over the kSAE GEMM), kNN (workers/umap/remote.ts picks exact or NN-descent),
// fuzzy graph, 200 layout epochs streamed 10 at a time (the worker threads started before the read, as the job
// starts them). Every time of ours counts from before the read: "first preview" is when the worker's quick 2-D
// picture (marked preliminary in map-preview) reached the caller, of the first 2,048 rows during a large read
// (main/map/run.ts, loadWithPreview) or of every row after it, "first UMAP frame" when the first 10 epochs did.
// `--no-db` hands the in-memory matrix over instead (no read). `--read-ab R` only times the read, R rounds alternating
// the materialised read (`Db.floatMatrix`, before) and loadMatrix's streamed one (`Db.floatChunks`, after):
//   npx tsx bench/map.bench.ts --cases 3072 --read-ab 3
// Beside it, umap-js `fit` on the same rows in the same run (for 3072 dims, on the same PCA-50 scores: its NN-descent
// over 3,072-d arrays of arrays would take many minutes; the PCA time is then counted on both sides). Both scored by
// neighbourhood preservation in the original space (15 neighbours, 5,000 seeded points, exact).
// Data: seeded clustered unit vectors (30 clusters, 3-D patches + noise 0.1; tests/umap/clustered.ts).
// Ours runs its layout on 1 and on 2 threads (layout-shard.ts); the app's projection job uses 2.
// Usage: npx tsx bench/map.bench.ts [--n 29520] [--cases 256,3072] [--big 300000] [--no-umap-js] [--no-db] [--epochs 200] [--threads 1,2] [--knn auto|exact|nn-descent]
// The comparison of record (both inputs, ours on the app's 2 layout threads, umap-js in the same run, ratio printed):
//   npx tsx bench/map.bench.ts --cases 256,3072 --threads 2
import { mkdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { UMAP } from 'umap-js';
import { mulberry32 } from '../main/analysis/random.js';
import { Workspace } from '../main/db/workspace.js';
import { loadMatrix } from '../main/embeddings/load-matrix.js';
import { RUN_DEFAULTS, loadWithPreview } from '../main/map/run.js';
import { createVectorTable, finishSet, getSet, insertSet, vectorTable } from '../main/embeddings/store.js';
import { clusteredUnitVectors } from '../tests/umap/clustered.js';
import { loadGemm } from '../workers/ksae/gemm.js';
import { UmapHandle } from '../workers/umap/handle.js';
import { densePca } from '../workers/umap/pca.js';
import { neighbourhoodPreservation } from '../workers/umap/quality.js';

const { values } = parseArgs({ options: {
  n: { type: 'string', default: '29520' }, cases: { type: 'string', default: '256,3072' }, big: { type: 'string', default: '0' },
  epochs: { type: 'string', default: '200' }, 'no-umap-js': { type: 'boolean' }, 'big-d': { type: 'string', default: '256' },
  threads: { type: 'string', default: '1,2' }, knn: { type: 'string', default: 'auto' }, 'no-db': { type: 'boolean' },
  'read-ab': { type: 'string', default: '0' },
} });
const n = Number(values.n), epochs = Number(values.epochs);
const log = (s: string) => process.stdout.write(s + '\n');
const sec = (t0: number) => (performance.now() - t0) / 1000;
const gemm = await loadGemm();

interface Ours { seconds: number; firstPreview: number; firstFrame: number; parts: string; preservation: number }

/** Where ours reads its vectors from: a workspace holding them as an embedding set, or (--no-db) the matrix itself. */
type Source = { db: Workspace; setId: string } | null;

const tmp = 'bench/.tmp/map-bench';

/** Writes x as an embedding set of a fresh workspace, keyed so that loadMatrix's order is x's row order. */
async function workspaceWith(x: Float32Array, rows: number, d: number): Promise<Source> {
  if (values['no-db']) return null;
  mkdirSync(tmp, { recursive: true });
  const path = `${tmp}/map-${rows}x${d}.duckdb`;
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
  const ws = await Workspace.open(path);
  const { id, tableNo } = await insertSet(ws.db, { provider: 'import', model: 'bench', dimensions: d, params: {} });
  await ws.db.transaction(async () => {
    const t = await createVectorTable(ws.db, tableNo, d);
    const conversationIds = Array.from({ length: rows }, (_, i) => `c${String(i).padStart(7, '0')}`);
    await ws.db.appendVectors(t, { conversationIds, turns: new Int32Array(rows), sentenceIndex: new Int32Array(rows) }, x, d);
    await finishSet(ws.db, id, d, rows, 'bench');
  });
  return { db: ws, setId: id };
}

const load = () => `load ${loadavg().map((v) => v.toFixed(1)).join(' ')}`;

// `--threads none` runs umap-js alone (to finish a comparison whose own side was measured in an earlier run).
const threadCounts = values.threads === 'none' ? [] : values.threads.split(',').map(Number);

async function ours(x: Float32Array, rows: number, d: number, pca: number, threads: number, source: Source): Promise<Ours> {
  // The job moves the matrix it loaded into the worker. Without a workspace, the bench's copy (so x can be reused)
  // is made before the clock starts.
  const copy = source ? null : x.slice();
  const t0 = performance.now();
  // As the job does: the worker threads start, then the read, which their start-up overlaps.
  const threadsStarted = UmapHandle.spawn(threads);
  // As the job does (loadWithPreview): a large set's first rows go to the worker for a preview during the read.
  let samplePreview = NaN, fullPreview = NaN;
  const moved = source
    ? (await loadWithPreview(source.db.db, source.setId, threadsStarted, 42, () => { samplePreview = sec(t0); })).matrix.data
    : copy!;
  const read = sec(t0);
  if (moved.length !== rows * d) throw new Error(`read ${moved.length} floats, expected ${rows * d}`);
  const handle = await UmapHandle.create(moved, rows, d, { pca, knn: values.knn as 'auto' | 'exact' | 'nn-descent', layout: { nEpochs: epochs, seed: 42, threads } }, { threads: threadsStarted, onInitial: () => { fullPreview = sec(t0); } });
  // The first preview on screen: the sample's when it came first, else the whole set's.
  const firstPreview = Number.isNaN(samplePreview) ? fullPreview : Math.min(samplePreview, fullPreview);
  try {
    const p = handle.prepared;
    // Printed at once, so a run stopped during the layout still reports its PCA and kNN.
    log(`  ${rows} × ${d}: prepared in ${sec(t0).toFixed(1)} s (read ${read.toFixed(1)} s, PCA ${p.seconds.pca.toFixed(1)} s, kNN ${p.knn} ${p.seconds.knn.toFixed(1)} s, graph ${p.seconds.graph.toFixed(1)} s), `
      + `first preview ${firstPreview.toFixed(2)} s (of ${RUN_DEFAULTS.previewRows} rows: ${samplePreview.toFixed(2)} s, of all: ${fullPreview.toFixed(2)} s), RSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; ${load()}`);
    let frame = await handle.step(10);
    const firstFrame = sec(t0);
    const tLayout = performance.now();
    while (!frame.done) frame = await handle.step(10);
    const seconds = sec(t0);
    const s = handle.seconds;
    const parts = `${source ? `DuckDB read ${read.toFixed(1)} s + ` : ''}PCA ${s.pca.toFixed(1)} s + kNN (${handle.prepared.knn}) ${s.knn.toFixed(1)} s + graph ${s.graph.toFixed(1)} s + layout and hand-over ${(sec(tLayout) + (firstFrame - read - s.pca - s.knn - s.graph)).toFixed(1)} s`;
    const preservation = await handle.preservation();
    return { seconds, firstPreview, firstFrame, parts, preservation };
  } finally {
    await handle.destroy();
  }
}

/** The read alone, before (materialised result) and after (streamed chunks), alternating. */
async function readAb(source: { db: Workspace; setId: string }, d: number, rounds: number): Promise<void> {
  const table = vectorTable((await getSet(source.db.db, source.setId)).tableNo);
  for (let r = 0; r < rounds; r++) {
    let t0 = performance.now();
    const before = await source.db.db.floatMatrix(`SELECT vector, conversation_id, turn, sentence_index FROM ${table}`, undefined, d, n);
    const tBefore = sec(t0);
    if (before.n !== n) throw new Error(`read ${before.n} rows`);
    t0 = performance.now();
    const after = await loadMatrix(source.db.db, source.setId);
    const tAfter = sec(t0);
    if (after.n !== n || after.data[after.data.length - 1] !== before.data[before.data.length - 1]) throw new Error('reads differ');
    log(`${n} × ${d} read, round ${r + 1}: materialised ${tBefore.toFixed(2)} s, streamed (loadMatrix) ${tAfter.toFixed(2)} s; ${load()}`);
  }
}

log(`map bench: n=${n}, ${epochs} epochs, ${cpus().length} CPUs (${cpus()[0]?.model}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, GEMM ${gemm.kind}, ${new Date().toISOString()}`);
for (const d of values.cases.split(',').map(Number).filter((v) => v > 0)) {
  const pca = d > 256 ? 50 : 0;
  const { x } = clusteredUnitVectors(n, d, 30, 2026, 0.1, 3);
  const source = threadCounts.length ? await workspaceWith(x, n, d) : null;
  if (source && Number(values['read-ab']) > 0) {
    await readAb(source, d, Number(values['read-ab']));
    source.db.close();
    continue;
  }
  let o: Ours | null = null;
  for (const threads of threadCounts) {
    const r = await ours(x, n, d, pca, threads, source);
    o = o && o.seconds <= r.seconds ? o : r;
    log(`${n} × ${d}${pca ? ` (PCA ${pca})` : ''}, ${threads} layout thread${threads > 1 ? 's' : ''}${source ? ', read from DuckDB' : ''}: ours ${r.seconds.toFixed(1)} s (${r.parts}); first preview ${r.firstPreview.toFixed(2)} s, first UMAP frame ${r.firstFrame.toFixed(1)} s; preservation ${r.preservation.toFixed(3)}; ${load()}`);
  }
  source?.db.close();
  if (values['no-umap-js']) continue;
  const t0 = performance.now();
  const input = pca ? (await densePca(x, n, d, pca, 42, gemm)).data : x;
  const di = pca || d;
  const rows = Array.from({ length: n }, (_, i) => Array.from(input.subarray(i * di, i * di + di)));
  const theirs = Float32Array.from(new UMAP({ nNeighbors: 15, minDist: 0.1, nEpochs: epochs, random: mulberry32(42) }).fit(rows).flat());
  const theirSeconds = sec(t0);
  const theirPreservation = await neighbourhoodPreservation(x, n, d, theirs, { gemm });
  log(`${n} × ${d}${pca ? ` (PCA ${pca})` : ''}: umap-js fit ${theirSeconds.toFixed(1)} s; preservation ${theirPreservation.toFixed(3)}${o ? ` → speed-up ${(theirSeconds / o.seconds).toFixed(1)}× (our faster run), preservation difference ${(o.preservation - theirPreservation).toFixed(3)}` : ''}; ${load()}`);
}
const big = Number(values.big);
if (big > 0) {
  const d = Number(values['big-d']);
  const { x } = clusteredUnitVectors(big, d, 30, 2027, 0.1, 3);
  const source = await workspaceWith(x, big, d);
  const rss0 = process.resourceUsage().maxRSS / 1024;
  const o = await ours(x, big, d, 50, Math.max(...threadCounts), source);
  source?.db.close();
  log(`${big} × ${d} (PCA 50): ours ${o.seconds.toFixed(1)} s (${o.parts}); first preview ${o.firstPreview.toFixed(2)} s, first UMAP frame ${o.firstFrame.toFixed(1)} s; preservation ${o.preservation.toFixed(3)}; `
    + `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (${rss0.toFixed(0)} MiB before, data ${(x.byteLength / 2 ** 20).toFixed(0)} MiB); ${load()}`);
}
await gemm.release();
