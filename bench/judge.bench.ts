// Judge throughput benchmark: `npx tsx bench/judge.bench.ts [--n 2904] [--latency 200] [--concurrency 16] [--commit-ms 250]`.
// Scores n conversations (six dimensions, one call each) against the local OpenAI-compatible test server,
// which runs in a child process so that process.cpuUsage() below counts only our side: request building,
// HTTP, parsing, validation, hashing and the DuckDB writes. Goal (issue 3): throughput ≥ 90% of the bound
// concurrency / latency, and < 2 ms of our CPU per call. Prints a Markdown table row.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Workspace } from '../main/db/workspace.js';
import { JobRunner } from '../main/jobs/runner.js';
import { JudgeService } from '../main/judge/service.js';
import { boundKeyProvider } from '../main/judge/keys.js';
import { insertStudy } from '../tests/judge/helpers.js';

const { values } = parseArgs({ options: {
  n: { type: 'string', default: '2904' }, latency: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '16' },
  'commit-ms': { type: 'string' },
} });
const N = Number(values.n);
const LATENCY = Number(values.latency);
const CONC = Number(values.concurrency);
const log = (s: string) => process.stderr.write(s + '\n');

const root = resolve(import.meta.dirname, '..');
const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests/judge/openai-test-server.ts'), '--latency', String(LATENCY)], { stdio: ['pipe', 'pipe', 'inherit'], cwd: root });
const lines = createInterface({ input: child.stdout! });
const it = lines[Symbol.asyncIterator]();
const baseUrl = String((await it.next()).value).trim();
log(`test server at ${baseUrl} (latency ${LATENCY} ms, separate process)`);

const dir = mkdtempSync(join(tmpdir(), 'judge-bench-'));
const ws = await Workspace.open(join(dir, 'bench.duckdb'));
try {
  await insertStudy(ws, N);
  const jobs = new JobRunner(() => {});
  const svc = new JudgeService({ workspace: () => ws, jobs, keys: () => boundKeyProvider('sk-bench-key', [baseUrl], 'bench'), commitIntervalMs: values['commit-ms'] ? Number(values['commit-ms']) : undefined });
  const spec = { model: 'bench-model', baseUrl, limits: { concurrency: CONC, timeoutMs: 30_000 } };

  const e0 = performance.now();
  const est = await svc.estimate(spec);
  const estimateMs = performance.now() - e0;
  log(`estimate: ${est.calls} calls, ${est.inputTokens.toLocaleString('en')} input tokens, ${estimateMs.toFixed(0)} ms`);

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { runId } = await svc.start(spec);
  const s = await svc.wait(runId);
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuMsPerCall = (cpu.user + cpu.system) / 1000 / N;
  log(`first run: ${wallS.toFixed(1)} s, CPU ${cpuMsPerCall.toFixed(2)} ms/call`);
  if (s.answered !== N) throw new Error(`expected ${N} answers, got ${s.answered} (${s.failed} failed)`);
  const stored = await ws.db.value<number>(`SELECT count(*) FROM scores WHERE score_set_id = ?`, [runId]);
  const rate = N / wallS;
  const bound = CONC / (LATENCY / 1000);

  // Second run: every answer from the cache, no requests.
  const c0 = performance.now();
  const { runId: again } = await svc.start(spec);
  const s2 = await svc.wait(again);
  const cachedS = (performance.now() - c0) / 1000;

  log(`run: ${N} calls in ${wallS.toFixed(1)} s = ${rate.toFixed(1)} calls/s (bound ${bound.toFixed(0)}/s, ${((100 * rate) / bound).toFixed(1)}%), ` +
    `CPU ${cpuMsPerCall.toFixed(2)} ms/call (user ${(cpu.user / 1000 / N).toFixed(2)}, system ${(cpu.system / 1000 / N).toFixed(2)}), ${stored} score rows; ` +
    `rerun from cache: ${s2.fromCache} answers in ${cachedS.toFixed(1)} s`);
  process.stdout.write(
    `| judge | ${N.toLocaleString('en')} conversations × 6 dimensions, test server ${LATENCY} ms latency, concurrency ${CONC} ` +
    `(${cpus().length} cores) | ${rate.toFixed(1)} calls/s = ${((100 * rate) / bound).toFixed(1)}% of the ${bound.toFixed(0)}/s bound; ` +
    `${cpuMsPerCall.toFixed(2)} ms CPU/call; rerun from cache ${cachedS.toFixed(1)} s, 0 requests; estimate ${(estimateMs / 1000).toFixed(1)} s | ` +
    `goal ≥ 90% of bound, < 2 ms CPU/call |\n`);
} finally {
  ws.close();
  child.kill();
  rmSync(dir, { recursive: true, force: true });
}
