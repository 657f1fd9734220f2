// npm run bench: import speed against DuckDB's own CSV reader, and explorer query latency, at 1x and 100x.
// Writes BENCHMARKS.md. `--scale N` changes the large study (default 100); `--quick` skips it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Workspace } from '../main/db/workspace.js';
import { importStudy, readCsvFloor } from './import.bench.js';
import { listConversations } from '../main/explorer/service.js';
import { buildWordIndex } from '../main/search/word-index.js';
import type { ConversationQuery } from '../main/api/contract/index.js';
import { writeDemoStudy } from '../data/generate-demo-study.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '100' }, quick: { type: 'boolean' }, keep: { type: 'boolean' }, only: { type: 'string' } } });
const root = resolve(import.meta.dirname, '.tmp');
mkdirSync(root, { recursive: true });

const rows: string[] = [];
const log = (s: string) => { process.stderr.write(s + '\n'); };

function mb(dir: string): number {
  return readdirSync(dir).reduce((a, f) => a + statSync(join(dir, f)).size, 0) / 1e6;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

async function explorerLatency(ws: Workspace, label: string): Promise<void> {
  const info = await ws.db.one<{ s: string }>(`SELECT score_set_id AS s FROM score_sets LIMIT 1`);
  const terms = ['resume', 'so sorry', 'how are you feeling', 'promotion', 'my dad', 'that must be', 'zzqx', 'therapist'];
  const conds = [['coach'], ['control', 'video'], [], ['combined']];
  const queries: [string, ConversationQuery][] = [];
  for (let i = 0; i < 40; i++) {
    queries.push([`filter+search`, {
      filter: { conditions: conds[i % 4], rounds: i % 3 ? [1 + (i % 3)] : [], search: { text: terms[i % terms.length], mode: 'contains', role: i % 2 ? 'supporter' : undefined } },
      scoreSetId: info?.s, sort: { key: i % 2 ? 'overall' : 'conversation_id', dir: 'desc' }, offset: 0, limit: 100,
    }]);
  }
  const filterOnly: ConversationQuery[] = conds.map((c, i) => ({ filter: { conditions: c, scenarioTypes: i % 2 ? ['personal'] : [] }, scoreSetId: info?.s, limit: 100, offset: 5000 }));
  const times: number[] = [];
  let indexed = 0;
  for (const [, q] of queries) {
    const t0 = performance.now();
    const page = await listConversations(ws.db, q);
    times.push(performance.now() - t0);
    if (page.searchMode === 'index') indexed++;
  }
  const ft: number[] = [];
  for (let k = 0; k < 5; k++) for (const q of filterOnly) { const t0 = performance.now(); await listConversations(ws.db, q); ft.push(performance.now() - t0); }
  const plain: number[] = [];
  for (const t of terms.slice(0, 4)) {
    const t0 = performance.now();
    await ws.db.all(`SELECT count(DISTINCT conversation_id) FROM messages WHERE text ILIKE ?`, [`%${t}%`]);
    plain.push(performance.now() - t0);
  }
  rows.push(`| ${label} | explorer filter + text search (40 queries, 100-row page; ${indexed} of 40 through the word index) | p50 ${pct(times, 50).toFixed(0)} ms, p95 ${pct(times, 95).toFixed(0)} ms | goal p95 ≤ 100 ms; plain ILIKE over all messages: ${pct(plain, 50).toFixed(0)} ms |`);
  rows.push(`| ${label} | explorer filter only, page at offset 5000 (20 queries) | p50 ${pct(ft, 50).toFixed(0)} ms, p95 ${pct(ft, 95).toFixed(0)} ms | |`);
}

async function study(scale: number): Promise<void> {
  const dir = join(root, `study-x${scale}`);
  const label = `${scale}x`;
  if (!existsSync(join(dir, 'messages.csv'))) {
    rmSync(dir, { recursive: true, force: true });
    const t0 = performance.now();
    await writeDemoStudy(dir, { scale });
    log(`generated ${label} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    rows.push(`| ${label} | generate demo study folder (${mb(dir).toFixed(0)} MB CSV) | ${((performance.now() - t0) / 1000).toFixed(1)} s | |`);
  }
  const counts = JSON.parse(readFileSync(join(dir, 'study.json'), 'utf8')).counts ?? {};
  const f = await readCsvFloor(dir, root);
  log(`${label} floor ${f.toFixed(0)} ms`);
  const { ms, ws, phases } = await importStudy(dir, join(root, `bench-x${scale}.duckdb`));
  log(`${label} import ${ms.toFixed(0)} ms (${phases})`);
  const c = await ws.db.one<{ c: number; m: number; s: number }>(`SELECT (SELECT count(*) FROM conversations) c, (SELECT count(*) FROM messages) m, (SELECT count(*) FROM sentences) s`);
  rows.push(`| ${label} | import study folder (${c!.c.toLocaleString('en')} conversations, ${c!.m.toLocaleString('en')} messages, ${c!.s.toLocaleString('en')} sentences; checks, sentence split, stats) | ${(ms / 1000).toFixed(2)} s (${phases}) | floor (DuckDB read_csv of the same files): ${(f / 1000).toFixed(2)} s → ${(ms / f).toFixed(1)}x (goal ≤ 4x) |`);
  void counts;
  // The app builds the word index as a background job after the import; the explorer scans until then.
  const idx = await buildWordIndex(ws.db);
  log(`${label} word index ${idx.ms.toFixed(0)} ms`);
  rows.push(`| ${label} | word index, background job after the import (${idx.terms.toLocaleString('en')} terms, ${idx.postings.toLocaleString('en')} postings) | ${(idx.ms / 1000).toFixed(2)} s | import + index: ${((ms + idx.ms) / f).toFixed(1)}x the floor |`);
  await explorerLatency(ws, label);
  ws.close();
  if (!values.keep) rmSync(join(root, `bench-x${scale}.duckdb`), { force: true });
}

const only = values.only;
if (!only || only === 'import') {
  await study(1);
  if (!values.quick) await study(Number(values.scale));
}

/** The judge and analysis benches run as their own processes (the judge's counts its own CPU time). */
function sub(script: string, args: string[]): string {
  log(`running ${script} ${args.join(' ')}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, script), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  // A failed sub-bench is recorded as such; the other sections are still written.
  if (r.status !== 0) return `${script} failed (exit ${r.status}); see its output above.`;
  return r.stdout.trim();
}
const judge = !only || only === 'judge' ? sub('judge.bench.ts', []) : null;
const analysis = !only || only === 'analysis' ? sub('analysis.bench.ts', values.quick ? ['--quick'] : ['--scale', String(values.scale)]) : null;
// Effects beside statsmodels on the same rows (its anchor); 10x with --quick.
const effects = !only || only === 'analysis' || only === 'effects' ? sub('effects.bench.ts', ['--scale', values.quick ? '10' : String(values.scale)]) : null;

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const file = resolve(import.meta.dirname, '..', 'BENCHMARKS.md');
const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
/** Each part of BENCHMARKS.md is replaced only when its bench ran, so `--only judge` keeps the rest. */
function section(name: string, body: string | null): string {
  const re = new RegExp(`<!-- ${name} -->[\\s\\S]*?<!-- /${name} -->`);
  const kept = re.exec(previous)?.[0];
  return body === null ? kept ?? '' : `<!-- ${name} -->\n${body}\n<!-- /${name} -->`;
}
/**
 * The sections other benches write by hand or on their own (themes, map, coding, 100x scale, …): kept as they
 * are, after the three this script owns, so a run never drops another bench's numbers.
 */
function otherSections(text: string): string {
  const owned = new Set(['Import and explorer', 'LLM judge (against the local OpenAI-compatible test server)', 'Analyses']);
  const parts = text.split(/^(?=## )/m).slice(1);
  const kept = parts.filter((part) => !owned.has(part.slice(3, part.indexOf('\n')).trim()));
  return kept.length ? `\n${kept.join('').trimEnd()}\n` : '';
}
const importTable = rows.length ? `| study | what | result | reference / goal |\n| --- | --- | --- | --- |\n${rows.join('\n')}` : null;
const out = `# Benchmarks

Machine: ${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${platform()} ${release()}, Node ${process.version}.
Produced by \`npm run bench\` (bench/run.ts, which also runs bench/judge.bench.ts, bench/analysis.bench.ts and bench/effects.bench.ts);
single runs, last written ${new Date().toISOString().slice(0, 10)}. The machine is shared: expect run-to-run noise.

## Import and explorer

${section('import', importTable)}

## LLM judge (against the local OpenAI-compatible test server)

| bench | what | result | goal |
| --- | --- | --- | --- |
${section('judge', judge)}

## Analyses

${section('analysis', analysis)}

${section('effects', effects)}
${otherSections(previous)}`;
writeFileSync(file, out);
log(out);
