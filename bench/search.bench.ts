// Text search and filter-only pages of the explorer beside the plain scan, in the same run (issue 12):
//   npx tsx bench/search.bench.ts --scale 10        (also 100; --prepare only imports and builds the index)
// The study folder and its workspace are kept under bench/.tmp (search-study-xN, search-xN.duckdb), so a later
// run measures queries without importing again; the index is rebuilt when missing or stale, or with --rebuild.
// "Scan" is the issue's anchor: the same page query without the word index, the page table or the search text: it
// matches each message's lower-cased text (what a search does until the background job has built the search text; the
// import no longer writes conversation_stats' text columns); "after" is what the explorer runs now.
// Both must return the same rows. (Earlier stops' "before" columns in BENCHMARKS.md compared previous index plans,
// which are no longer in the code.)
import { existsSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Workspace, type Db } from '../main/db/workspace.js';
import { runImport } from '../main/import/run-import.js';
import { listConversations } from '../main/explorer/service.js';
import { buildPageQuery } from '../main/explorer/conversation-query.js';
import { scorePivot } from '../main/explorer/score-pivot.js';
import { buildWordIndex, candidatesFor, readyDocs } from '../main/search/word-index.js';
import { explorerDocsReady, fillExplorerDocs } from '../main/search/explorer-docs.js';
import type { ConversationQuery } from '../main/api/contract/index.js';
import { writeDemoStudy } from '../data/generate-demo-study.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '10' }, prepare: { type: 'boolean' }, rebuild: { type: 'boolean' }, reps: { type: 'string', default: '1' } } });
const scale = Number(values.scale);
const root = resolve(import.meta.dirname, '.tmp');
const dir = join(root, `search-study-x${scale}`);
const dbPath = join(root, `search-x${scale}.duckdb`);
const log = (s: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const lines: string[] = [];

async function prepare(): Promise<Workspace> {
  if (!existsSync(join(dir, 'messages.csv'))) {
    log(`generating the ${scale}x study`);
    await writeDemoStudy(dir, { scale });
  }
  const fresh = !existsSync(dbPath);
  const ws = await Workspace.open(dbPath);
  if (fresh) {
    const t0 = performance.now();
    await runImport(ws.db, { path: dir, format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
    log(`imported in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  if (values.rebuild || (await readyDocs(ws.db)) === null) {
    log(`building the index (load ${load()})`);
    const b = await buildWordIndex(ws.db);
    log(`index built in ${(b.ms / 1000).toFixed(1)} s: ${b.terms} terms, ${b.postings} postings, ${b.positions} positions`);
    await ws.db.run('CHECKPOINT');
  }
  if (!(await explorerDocsReady(ws.db))) {
    // A workspace indexed before migration 11: the explorer's page table is filled as the index build now does.
    const t0 = performance.now();
    const n = await fillExplorerDocs(ws.db);
    log(`explorer_docs filled in ${((performance.now() - t0) / 1000).toFixed(1)} s (${n} conversations)`);
    await ws.db.run('CHECKPOINT');
  }
  return ws;
}

/** Storage of the index's tables in MB (allocated blocks of 256 KiB). */
async function indexSize(db: Db): Promise<string> {
  const out: string[] = [];
  for (const t of ['search_postings', 'search_positions', 'search_terms', 'search_docs']) {
    const mb = await db.value<number>(`SELECT count(DISTINCT block_id) * 0.25 FROM pragma_storage_info('${t}') WHERE block_id >= 0`);
    out.push(`${t} ${Number(mb).toFixed(1)} MB`);
  }
  return out.join(', ');
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(0)} / p95 ${pct(xs, 95).toFixed(0)} ms`;

/** The explorer's page without the word index or its page table: the scan every search paid before them. */
async function scan(db: Db, q: ConversationQuery): Promise<{ ids: string[]; total: number }> {
  const pivot = q.scoreSetId ? await scorePivot(db, q.scoreSetId) : null;
  const opts = { scoreTable: pivot?.table, candidates: null, docs: false };
  const { sql, params, countSql, countParams } = buildPageQuery(q, pivot?.dimensions ?? [], opts, q.limit ?? 100, q.offset ?? 0);
  const rows = await db.all<{ conversation_id: string; total?: unknown }>(sql, params);
  const total = countSql ? Number(await db.value(countSql, countParams)) : rows.length ? Number(rows[0].total) : 0;
  return { ids: rows.map((r) => r.conversation_id), total };
}

/**
 * Wall time, and the CPU time of the whole process (DuckDB's threads run in it): on a loaded machine the wall
 * time mostly measures waiting for a core, the CPU time what the query itself costs.
 */
async function timed<T>(f: () => Promise<T>): Promise<[number, number, T]> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await f();
  const c = process.cpuUsage(c0);
  return [performance.now() - t0, (c.user + c.system) / 1000, r];
}

const ws = await prepare();
const db = ws.db;
const state = (await db.one<{ ms: number; postings: number }>('SELECT build_ms AS ms, postings FROM search_index_state'))!;
const positions = await db.value<number>('SELECT count(*) FROM search_positions');
const docs = (await readyDocs(db))!;
lines.push(`| ${scale}x | word index build (background job; ${docs.toLocaleString('en')} conversations, ${Number(state.postings).toLocaleString('en')} postings, ${Number(positions).toLocaleString('en')} positions) | ${(Number(state.ms) / 1000).toFixed(1)} s | ${await indexSize(db)}; workspace ${(statSync(dbPath).size / 1e6).toFixed(0)} MB |`);
if (values.prepare) { ws.close(); process.stdout.write(lines.join('\n') + '\n'); process.exit(0); }

const info = await db.one<{ s: string }>('SELECT score_set_id AS s FROM score_sets LIMIT 1');
// The 8 texts of bench/run.ts (so numbers compare with its table) and 8 more phrases of the new generator's text.
const texts = ['resume', 'so sorry', 'how are you feeling', 'promotion', 'my dad', 'that must be', 'zzqx', 'therapist',
  'i am here for you', 'losing your dad', 'what do you think', 'at work', "i'm sorry", 'support group', 'you matter.', 'feel like'];
const conds = [['coach'], ['control', 'video'], [], ['combined']];
const searches: ConversationQuery[] = [];
for (let i = 0; i < 48; i++) {
  searches.push({
    filter: { conditions: conds[i % 4], rounds: i % 3 ? [1 + (i % 3)] : [], search: { text: texts[i % texts.length], mode: 'contains', role: i % 2 ? 'supporter' : undefined } },
    scoreSetId: info?.s, sort: { key: i % 2 ? 'overall' : 'conversation_id', dir: 'desc' }, offset: 0, limit: 100,
  });
}
const filterOnly: ConversationQuery[] = conds.map((c, i) => ({ filter: { conditions: c, scenarioTypes: i % 2 ? ['personal'] : [] }, scoreSetId: info?.s, limit: 100, offset: 5000 }));

log(`warming up (load ${load()})`);
await listConversations(db, searches[0]);
await scan(db, searches[0]);
const loadBefore = load();
const tb: number[] = [];
const ta: number[] = [];
const cb: number[] = [];
const ca: number[] = [];
let indexed = 0;
let exact = 0;
// CPU time per text, scan and after (the slowest texts make the p95).
const perText = new Map<string, { b: number[]; a: number[] }>();
for (let rep = 0; rep < Number(values.reps); rep++) {
  for (const q of searches) {
    // Alternating the two keeps them under the same load.
    const [b, bc, old] = await timed(() => scan(db, q));
    const [a, ac, page] = await timed(() => listConversations(db, q));
    tb.push(b);
    ta.push(a);
    cb.push(bc);
    ca.push(ac);
    const t = perText.get(q.filter.search!.text) ?? perText.set(q.filter.search!.text, { b: [], a: [] }).get(q.filter.search!.text)!;
    t.b.push(bc);
    t.a.push(ac);
    if (rep === 0) {
      if (page.searchMode === 'index') indexed++;
      const c = await candidatesFor(db, q.filter.search!, docs);
      if (c?.exact) exact++;
      const ids = page.rows.map((r) => r.conversation_id);
      if (page.total !== old.total || JSON.stringify(ids) !== JSON.stringify(old.ids)) throw new Error(`different results for ${JSON.stringify(q.filter)}`);
    }
  }
}
log(`search scan ${fmt(tb)} (cpu ${fmt(cb)}), after ${fmt(ta)} (cpu ${fmt(ca)})`);
const med = (xs: number[]) => pct(xs, 50).toFixed(0);
log(`CPU medians per text, scan → after: ${[...perText].sort((x, y) => pct(y[1].b, 50) - pct(x[1].b, 50))
  .map(([text, t]) => `${JSON.stringify(text)} ${med(t.b)} → ${med(t.a)}`).join(', ')}`);
const fb: number[] = [];
const fa: number[] = [];
const fcb: number[] = [];
const fca: number[] = [];
for (let k = 0; k < 5; k++) {
  for (const q of filterOnly) {
    const [b, bc, old] = await timed(() => scan(db, q));
    const [a, ac, page] = await timed(() => listConversations(db, q));
    fb.push(b);
    fa.push(a);
    fcb.push(bc);
    fca.push(ac);
    if (page.total !== old.total || JSON.stringify(page.rows.map((r) => r.conversation_id)) !== JSON.stringify(old.ids)) throw new Error('different filter-only page');
  }
}
log(`filter only scan ${fmt(fb)} (cpu ${fmt(fcb)}), after ${fmt(fa)} (cpu ${fmt(fca)})`);
lines.push(`| ${scale}x | filter + text search, ${searches.length} queries × ${values.reps} (${texts.length} texts, 100-row page; ${indexed} through the index, ${exact} answered by it alone) | scan ${fmt(tb)}; after ${fmt(ta)} | CPU time: scan ${fmt(cb)}; after ${fmt(ca)}; load average ${loadBefore} → ${load()} |`);
lines.push(`| ${scale}x | filter only, page at offset 5000 (20 queries) | scan ${fmt(fb)}; after ${fmt(fa)} | CPU time: scan ${fmt(fcb)}; after ${fmt(fca)} |`);
ws.close();
if (scale < 10) rmSync(dbPath, { force: true });
process.stdout.write(lines.join('\n') + '\n');
