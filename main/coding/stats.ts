// Code co-occurrence on sentence units and code frequencies by condition × round, aggregated in SQL. Codes of
// the chosen coders are pooled (a sentence carries a code when any of them gave it); `depth` rolls codes up
// to their ancestor at that depth (codes above it stay themselves).
import type { CooccurrenceResult, FrequencyRow, SentenceKey } from '../api/contract/index.js';
import type { Db } from '../db/workspace.js';
import { coderParam } from './assignments.js';
import { getCode } from './codebook.js';
import { EFFECTIVE_CTES, TREE_CTE } from './sql.js';

/** `su(code_id, path, conversation_id, turn, sentence_index)`: distinct sentence × rolled-up code. Params $1 coders, $2 depth. */
const UNITS = `WITH RECURSIVE ${TREE_CTE}, ${EFFECTIVE_CTES},
  su AS (SELECT DISTINCT
      CASE WHEN $2::INTEGER IS NOT NULL AND t.depth > $2 THEN t.ids[$2] ELSE t.code_id END AS code_id,
      CASE WHEN $2::INTEGER IS NOT NULL AND t.depth > $2 THEN t.paths[$2] ELSE t.path END AS path,
      e.conversation_id, e.turn, e.sentence_index
    FROM effective e JOIN tree t USING (code_id)
    WHERE $1::VARCHAR[] IS NULL OR list_contains($1::VARCHAR[], e.coder))`;

export async function cooccurrence(db: Db, coders: string[] | null, depth: number | null): Promise<CooccurrenceResult> {
  const codes = await db.all<{ codeId: string; path: string; sentences: number }>(`${UNITS}
    SELECT code_id AS "codeId", path, count(*) AS sentences FROM su GROUP BY ALL ORDER BY path`, [coderParam(coders), depth]);
  const pairs = await db.all<{ a: string; b: string; n: number }>(`${UNITS}
    SELECT x.code_id AS a, y.code_id AS b, count(*) AS n FROM su x JOIN su y USING (conversation_id, turn, sentence_index)
    WHERE x.code_id < y.code_id GROUP BY ALL`, [coderParam(coders), depth]);
  const pos = new Map(codes.map((c, i) => [c.codeId, i]));
  const matrix = codes.map((c) => codes.map(() => 0));
  codes.forEach((c, i) => (matrix[i][i] = c.sentences));
  for (const p of pairs) {
    const i = pos.get(p.a)!;
    const j = pos.get(p.b)!;
    matrix[i][j] = matrix[j][i] = p.n;
  }
  return { codes, matrix };
}

/** Sentences carrying both codes (each with its descendants: a cell of a rolled-up matrix is its subtree). */
export async function cooccurrenceCell(db: Db, a: string, b: string, coders: string[] | null, limit: number): Promise<{ total: number; rows: (SentenceKey & { text: string })[] }> {
  await getCode(db, a);
  await getCode(db, b);
  const sql = `WITH RECURSIVE ${TREE_CTE}, ${EFFECTIVE_CTES},
    e AS (SELECT DISTINCT t.ids, e.conversation_id, e.turn, e.sentence_index FROM effective e JOIN tree t USING (code_id)
      WHERE $1::VARCHAR[] IS NULL OR list_contains($1::VARCHAR[], e.coder)),
    hit AS (SELECT conversation_id, turn, sentence_index FROM e GROUP BY ALL
      HAVING bool_or(list_contains(ids, $2)) AND bool_or(list_contains(ids, $3)))`;
  const params = [coderParam(coders), a, b];
  const total = await db.value<number>(`${sql} SELECT count(*) FROM hit`, params);
  const rows = await db.all<SentenceKey & { text: string }>(`${sql}
    SELECT h.conversation_id AS "conversationId", h.turn, h.sentence_index AS "sentenceIndex", s.text
    FROM hit h JOIN sentences s USING (conversation_id, turn, sentence_index) ORDER BY 1, 2, 3 LIMIT $4`, [...params, limit]);
  return { total, rows };
}

/**
 * Per code, condition and round: coded sentences and the supporter sentence units of that cell (the share's
 * denominator), from conversations, participants and messages.
 */
export async function frequencies(db: Db, coders: string[] | null, depth: number | null): Promise<FrequencyRow[]> {
  return db.all<FrequencyRow>(`${UNITS},
    cell AS (SELECT c.conversation_id, p.condition, c.round FROM conversations c LEFT JOIN participants p USING (participant_id)),
    units AS (SELECT cell.condition, cell.round, count(*) AS n FROM sentences s JOIN messages m USING (conversation_id, turn)
      JOIN cell USING (conversation_id) WHERE m.role = 'supporter' GROUP BY ALL)
    SELECT su.code_id AS "codeId", su.path, cell.condition, cell.round, count(*) AS sentences, coalesce(any_value(units.n), 0) AS units,
      count(*) / greatest(coalesce(any_value(units.n), 0), 1) AS share
    FROM su JOIN cell USING (conversation_id) LEFT JOIN units ON units.condition IS NOT DISTINCT FROM cell.condition AND units.round IS NOT DISTINCT FROM cell.round
    GROUP BY su.code_id, su.path, cell.condition, cell.round ORDER BY su.path, cell.condition NULLS LAST, cell.round NULLS LAST`, [coderParam(coders), depth]);
}
