// Coding edits on a real-size study (issue 9): what one event costs (row changes, event append, coding:* labellings
// refreshed in the same transaction), undo, agreement/co-occurrence reads and the explorer's code filter. Works on a copy of the given workspace;
// when it has no kSAE model, a synthetic one (64 latents, top-2 by a hash of the text) is written first.
// Usage: npx tsx bench/coding.bench.ts --db DEMO.duckdb [--sentences 2000]
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CodingService } from '../main/coding/service.js';
import { Workspace } from '../main/db/workspace.js';
import { listConversations } from '../main/explorer/service.js';

const { values } = parseArgs({ options: { db: { type: 'string' }, sentences: { type: 'string', default: '2000' } } });
if (!values.db) throw new Error('--db DEMO.duckdb is required');
const dir = mkdtempSync(join(tmpdir(), 'coding-bench-'));
const path = join(dir, 'bench.duckdb');
copyFileSync(values.db, path);
const ws = await Workspace.open(path);
const db = ws.db;
const c = new CodingService({ workspace: () => ws });
const log = (s: string) => process.stdout.write(s + '\n');
const time = async <T>(label: string, fn: () => Promise<T>, reps = 1): Promise<T> => {
  const t0 = performance.now();
  let out!: T;
  for (let i = 0; i < reps; i++) out = await fn();
  log(`${label}: ${((performance.now() - t0) / reps).toFixed(0)} ms${reps > 1 ? ` (mean of ${reps})` : ''}`);
  return out;
};
try {
  const n = await db.value<number>('SELECT count(*) FROM sentences');
  log(`sentences ${n}, conversations ${await db.value<number>('SELECT count(*) FROM conversations')}`);
  let model = await db.value<string | null>(`SELECT model_id FROM theme_models WHERE state = 'done' LIMIT 1`);
  if (!model) {
    model = 'bench-model';
    await db.run(`INSERT INTO theme_models (model_id, embedding_set_id, latents, k, seed, scenario_type, state, params, created_at, updated_at)
      VALUES ('bench-model', 'none', 64, 2, 1, 'all', 'done', '{}', now(), now())`);
    await db.run(`INSERT INTO theme_activations SELECT 'bench-model', conversation_id, turn, sentence_index, r, (hash(text) + r * 7) % 64, 1.0 / r
      FROM sentences, (VALUES (1), (2)) v(r)`);
  }
  await time('start the Lend an Ear codebook (14 codes, one event)', () => c.startCodebook({ coder: 'ann', template: 'lend-an-ear' }));
  const codes = (await c.codebook()).codes.filter((x) => x.depth === 2);
  const keys = await db.all<{ conversationId: string; turn: number; sentenceIndex: number }>(`SELECT conversation_id AS "conversationId", turn,
    sentence_index AS "sentenceIndex" FROM sentences ORDER BY hash(conversation_id || turn || sentence_index) LIMIT ?`, [Number(values.sentences)]);
  let i = 0;
  await time('one sentence assignment (event + labellings)', () => c.assign({ coder: 'ann', codeId: codes[i++ % codes.length].codeId, unit: { grain: 'sentence', ...keys[i] } }), 10);
  await time('one theme assignment (event + labellings)', () => c.assign({ coder: 'ann', codeId: codes[i % codes.length].codeId, unit: { grain: 'theme', modelId: model!, latent: i++ % 64 } }), 5);
  await time('undo', () => c.undo('ann'), 5);
  for (const coder of ['bob', 'carl']) {
    await time(`${keys.length} sentence assignments for ${coder} in one event (assign-many)`, () => c.assignMany({
      coder, codeId: codes[coder === 'bob' ? 0 : 1].codeId, units: keys.map((k) => ({ grain: 'sentence' as const, ...k })),
    }));
  }
  const labelled = await db.value<number>(`SELECT count(*) FROM sentence_labels WHERE labelling = 'coding:leaf'`);
  log(`coding:leaf labels: ${labelled}`);
  await time('agreement bob × carl', () => c.agreement({ coders: ['bob', 'carl'] }), 3);
  await time('co-occurrence (all coders)', () => c.cooccurrence({}), 3);
  await time('codebook with counts', () => c.codebook(), 3);
  const top = (await c.codebook()).codes.find((x) => x.depth === 1)!;
  const filtered = await time('explorer page filtered by a top-level code (coding labellings)', () => listConversations(db, { filter: { codes: { codeIds: [top.codeId] } }, limit: 100 }), 3);
  log(`  ${filtered.total} conversations match`);
  await time('explorer page filtered by a code, one coder', () => listConversations(db, { filter: { codes: { codeIds: [codes[0].codeId], coder: 'bob' } }, limit: 100 }), 3);
  await time('explorer page, no filter', () => listConversations(db, { filter: {}, limit: 100 }), 3);
  await time('qdpx export', () => c.exportCodebook({ format: 'qdpx' }));
} finally {
  ws.close();
  rmSync(dir, { recursive: true, force: true });
}
