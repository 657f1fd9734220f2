// What the rest of the workbench reads from the coding, recomputed in the transaction of every edit that can
// change it: the `coding:*` sentence labellings (so incidence shifts, Fig. 2B/2C, run on codes) and each
// rater's score set (so the rater agreement analysis compares raters with judges).
import { listValue } from '@duckdb/node-api';
import { CONSENSUS_CODER } from '../api/contract/index.js';
import type { Db } from '../db/workspace.js';
import { DIMENSIONS } from '../domain/study.js';
import { CHOSEN_CTES, EFFECTIVE_CTES, LABELLINGS, TREE_CTE } from './sql.js';
import type { CodingTable } from './tables.js';
import { bumpDataVersion } from '../services/analysis/cache.js';

/** Score set id of a rater's rubric ratings. */
export const raterScoreSet = (rater: string) => `rater:${rater}`;
export const RATER_KIND = 'human-rater';

/**
 * The study's codes per sentence (CHOSEN_CTES): the consensus where a sentence was resolved, otherwise every coder's.
 * Level n labels carry the code's ancestor path at depth n (codes above that depth give no level-n label);
 * every label has rank 1, so any top-k of the shift analysis counts all of a sentence's codes.
 */
export async function refreshLabellings(db: Db): Promise<void> {
  const names = LABELLINGS.map((l) => l.labelling);
  await db.run(`DELETE FROM sentence_labels WHERE list_contains(?::VARCHAR[], labelling)`, [listValue(names)]);
  await db.run(`INSERT INTO sentence_labels (labelling, conversation_id, turn, sentence_index, category, rank, import_id)
    SELECT * FROM (
      WITH RECURSIVE ${TREE_CTE}, ${EFFECTIVE_CTES}, ${CHOSEN_CTES},
      labels AS (
        SELECT DISTINCT 'coding:leaf' AS labelling, c.conversation_id, c.turn, c.sentence_index, t.path AS category FROM chosen c JOIN tree t USING (code_id)
        UNION ALL
        SELECT DISTINCT 'coding:level1', c.conversation_id, c.turn, c.sentence_index, t.paths[1] FROM chosen c JOIN tree t USING (code_id)
        UNION ALL
        SELECT DISTINCT 'coding:level2', c.conversation_id, c.turn, c.sentence_index, t.paths[2] FROM chosen c JOIN tree t USING (code_id) WHERE t.depth >= 2)
      SELECT labelling, conversation_id, turn, sentence_index, category, 1, NULL FROM labels)`, [CONSENSUS_CODER, CONSENSUS_CODER]);
  // Rebuilt labellings can keep their row count; cached analyses (shifts on codes) learn of it from the data version.
  await bumpDataVersion(db, ['sentence_labels']);
}

/** Each rater's ratings as score set `rater:<name>` (scale 1-5) with one score per rated dimension. */
export async function refreshRaterScoreSets(db: Db): Promise<void> {
  const old = (await db.all<{ id: string }>(`SELECT score_set_id AS id FROM score_sets WHERE kind = ?`, [RATER_KIND])).map((r) => r.id);
  if (old.length) {
    await db.run(`DELETE FROM scores WHERE list_contains(?::VARCHAR[], score_set_id)`, [listValue(old)]);
    await db.run(`DELETE FROM score_sets WHERE list_contains(?::VARCHAR[], score_set_id)`, [listValue(old)]);
  }
  const rows = await db.all<{ rater: string; conversation_id: string; scores: string; note: string }>(
    `SELECT rater, conversation_id, scores, note FROM coding_ratings ORDER BY rater, conversation_id`);
  const set: string[] = [], conv: string[] = [], dim: string[] = [], score: (number | null)[] = [], note: (string | null)[] = [];
  for (const r of rows) {
    const s = JSON.parse(r.scores) as Record<string, number | null>;
    for (const d of Object.keys(s).sort((a, b) => order(a) - order(b))) {
      set.push(raterScoreSet(r.rater)); conv.push(r.conversation_id); dim.push(d); score.push(s[d]); note.push(r.note || null);
    }
  }
  for (const rater of [...new Set(rows.map((r) => r.rater))]) {
    await db.run(`INSERT INTO score_sets (score_set_id, rater, kind, scale_min, scale_max, created_at, provenance, import_id)
      VALUES (?, ?, ?, 1, 5, now(), ?, NULL)`, [raterScoreSet(rater), rater, RATER_KIND, JSON.stringify({ source: 'coding ratings', rater })]);
  }
  if (set.length) {
    await db.run(`INSERT INTO scores (score_set_id, conversation_id, dimension, score, rationale, evidence, import_id)
      SELECT unnest(from_json(?::JSON, '["VARCHAR"]')), unnest(from_json(?::JSON, '["VARCHAR"]')), unnest(from_json(?::JSON, '["VARCHAR"]')),
        unnest(from_json(?::JSON, '["DOUBLE"]')), unnest(from_json(?::JSON, '["VARCHAR"]')), NULL, NULL`,
    [set, conv, dim, score, note].map((x) => JSON.stringify(x)));
  }
  await bumpDataVersion(db, ['scores', 'score_sets']);
}

function order(d: string): number {
  const i = (DIMENSIONS as readonly string[]).indexOf(d);
  return i < 0 ? DIMENSIONS.length : i;
}

/** The refresh each event runs: labellings when codes or assignments changed, score sets when ratings did. */
export async function refreshDerived(db: Db, touched: ReadonlySet<CodingTable>): Promise<void> {
  if (touched.has('coding_assignments') || touched.has('coding_codes') || touched.has('coding_no_code')) await refreshLabellings(db);
  if (touched.has('coding_ratings')) await refreshRaterScoreSets(db);
}
