// kSAE training speed at the paper's scale: one epoch of M = 128, K = 2 on 29,520 × 3072 seeded random unit
// vectors with the GEMM kernel (ONNX Runtime, 2 threads; --js adds the pure-JS kernel), beside the same recipe in
// PyTorch on CPU (bench/ksae_torch.py with Debian's /usr/bin/python3 and python3-torch, same data, same run);
// --grid also trains the full grid M ∈ {16, 32, 64, 128, 256} to early stopping with activations and silhouettes.
// Usage: npx tsx bench/ksae.bench.ts [--n 29520] [--d 3072] [--m 128] [--epochs 1] [--js] [--no-torch] [--grid] [--grid-epochs 200]
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mulberry32 } from '../main/analysis/random.js';
import { jsGemm, loadGemm, type Gemm } from '../workers/ksae/gemm.js';
import { modelSilhouettes } from '../workers/ksae/silhouette.js';
import { KsaeTrainer } from '../workers/ksae/trainer.js';

const { values } = parseArgs({ options: {
  n: { type: 'string', default: '29520' }, d: { type: 'string', default: '3072' }, m: { type: 'string', default: '128' },
  epochs: { type: 'string', default: '1' }, js: { type: 'boolean' }, 'no-torch': { type: 'boolean' }, grid: { type: 'boolean' },
  'grid-epochs': { type: 'string', default: '200' },
} });
const [n, d, m, epochs] = [Number(values.n), Number(values.d), Number(values.m), Number(values.epochs)];
const log = (s: string) => process.stdout.write(s + '\n');
const sec = (t0: number) => (performance.now() - t0) / 1000;

function unitVectors(): Float32Array {
  const rng = mulberry32(2026);
  const x = new Float32Array(n * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j += 2) {
      const r = Math.sqrt(-2 * Math.log(1 - rng()));
      const t = 2 * Math.PI * rng();
      row[j] = r * Math.cos(t);
      if (j + 1 < d) row[j + 1] = r * Math.sin(t);
    }
    for (let j = 0; j < d; j++) s += row[j] * row[j];
    const inv = 1 / Math.sqrt(s);
    for (let j = 0; j < d; j++) x[i * d + j] = row[j] * inv;
  }
  return x;
}

async function epochTimes(x: Float32Array, gemm: Gemm): Promise<void> {
  let t0 = performance.now();
  const t = KsaeTrainer.create(x, n, d, { latents: m, k: 2, seed: 1 }, gemm);
  log(`kSAE ${gemm.kind}: init (median b_in, split) ${sec(t0).toFixed(2)} s`);
  for (let e = 0; e < epochs; e++) {
    t0 = performance.now();
    const r = await t.runEpoch();
    log(`kSAE ${gemm.kind}: epoch ${r.epoch} M=${m} K=2 ${n}×${d}: ${sec(t0).toFixed(2)} s (loss ${r.loss.toFixed(4)}, val ${r.valLoss?.toFixed(4)})`);
  }
}

log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}`);
let t0 = performance.now();
const x = unitVectors();
log(`data: ${n} × ${d} seeded random unit vectors in ${sec(t0).toFixed(1)} s`);
const gemm = await loadGemm();
await epochTimes(x, gemm);
if (values.js && gemm !== jsGemm) await epochTimes(x, jsGemm);

if (!values['no-torch']) {
  const dir = join(import.meta.dirname, '.tmp');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'ksae_x.f32');
  writeFileSync(file, new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
  const py = spawnSync('/usr/bin/python3', [join(import.meta.dirname, 'ksae_torch.py'), '--file', file, '--n', String(n), '--d', String(d), '--m', String(m), '--epochs', String(epochs)], { encoding: 'utf8' });
  rmSync(file, { force: true });
  if (py.status === 0) {
    const r = JSON.parse(py.stdout.trim().split('\n').at(-1)!) as { torch: string; threads: number; init_s: number; epoch_s: number[]; loss: number[][] };
    log(`PyTorch ${r.torch} (${r.threads} threads): init ${r.init_s.toFixed(2)} s; ${r.epoch_s.map((s, i) => `epoch ${i + 1}: ${s.toFixed(2)} s (loss ${r.loss[i][0].toFixed(4)}, val ${r.loss[i][1].toFixed(4)})`).join('; ')}`);
  } else log(`PyTorch: not run (${(py.stderr || String(py.error)).trim().split('\n').at(-1)}); install Debian's python3-torch`);
}

if (values.grid) {
  const gridStart = performance.now();
  for (const latents of [16, 32, 64, 128, 256]) {
    t0 = performance.now();
    const t = KsaeTrainer.create(x, n, d, { latents, k: 2, seed: 1, maxEpochs: Number(values['grid-epochs']) }, gemm);
    while (!t.done) await t.runEpoch();
    const trained = sec(t0);
    const t1 = performance.now();
    const { k, idx } = await t.activations();
    const s = await modelSilhouettes(x, n, d, idx, k, latents, gemm);
    log(`grid M=${latents}: ${t.epoch} epochs in ${trained.toFixed(1)} s; activations + silhouettes ${sec(t1).toFixed(1)} s (silhouette ${s.top1?.toFixed(4)}, top-2 ${s.top2?.toFixed(4)}, dead ${t.dead})`);
  }
  log(`grid total (5 models, one scenario type): ${sec(gridStart).toFixed(1)} s`);
}
await gemm.release();
