// Assignments at three grains: building them (units checked against the study), listing them, and the
// effective codes of a conversation's sentences for the transcript view.
import { listValue } from '@duckdb/node-api';
import type { CodedConversation, CodingAssignment, CodingUnit, SentenceKey } from '../api/contract/index.js';
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { newId, nowIso } from './codebook.js';
import { EFFECTIVE_CTES, TREE_CTE } from './sql.js';
import type { AssignmentRow, MemoRow } from './tables.js';
import { memoFromRow } from './memos.js';

export interface CoderFilter { coders?: string[]; blind?: boolean; viewer?: string }

/** The coders whose codes a view shows: blind mode shows only the viewer's; null = everyone. */
export function visibleCoders(f: CoderFilter): string[] | null {
  if (f.blind) {
    if (!f.viewer) throw new UserError('Blind mode needs the viewer (the coder whose codes to show)', 'invalid-args');
    return [f.viewer];
  }
  return f.coders?.length ? f.coders : null;
}

export const coderParam = (coders: string[] | null) => (coders ? listValue(coders) : null);

/** The stored row for a unit, or an error naming what does not exist. */
export async function buildAssignment(db: Db, coder: string, codeId: string, unit: CodingUnit): Promise<AssignmentRow> {
  const base: AssignmentRow = {
    assignment_id: newId('asg'), code_id: codeId, coder, grain: unit.grain, conversation_id: null, turn: null, sentence_index: null,
    start_char: null, end_char: null, model_id: null, latent: null, top_k: null, exclude: false, text: null, ts: nowIso(),
  };
  if (unit.grain === 'sentence') {
    const text = await db.value<string | null>(`SELECT text FROM sentences WHERE conversation_id = ? AND turn = ? AND sentence_index = ? LIMIT 1`,
      [unit.conversationId, unit.turn, unit.sentenceIndex]);
    if (text === null) throw new UserError(`No sentence ${unit.conversationId} turn ${unit.turn} sentence ${unit.sentenceIndex}`, 'not-found');
    return { ...base, conversation_id: unit.conversationId, turn: unit.turn, sentence_index: unit.sentenceIndex, exclude: unit.exclude ?? false, text };
  }
  if (unit.grain === 'span') {
    const msg = await db.value<string | null>(`SELECT text FROM messages WHERE conversation_id = ? AND turn = ? LIMIT 1`, [unit.conversationId, unit.turn]);
    if (msg === null) throw new UserError(`No message ${unit.conversationId} turn ${unit.turn}`, 'not-found');
    if (!(unit.start < unit.end && unit.end <= msg.length)) {
      throw new UserError(`Span ${unit.start}-${unit.end} is not inside the message (0-${msg.length}) or is empty`, 'invalid-args');
    }
    return { ...base, conversation_id: unit.conversationId, turn: unit.turn, start_char: unit.start, end_char: unit.end, text: msg.slice(unit.start, unit.end) };
  }
  const model = await db.one<{ latents: number; k: number; state: string }>(`SELECT latents, k, state FROM theme_models WHERE model_id = ?`, [unit.modelId]);
  if (!model) throw new UserError(`No theme model "${unit.modelId}"`, 'not-found');
  if (unit.latent >= model.latents) throw new UserError(`Model "${unit.modelId}" has latents 0-${model.latents - 1}; ${unit.latent} is not one`, 'invalid-args');
  const topK = unit.topK ?? 1;
  if (topK > model.k) throw new UserError(`Model "${unit.modelId}" keeps the top ${model.k} latents per sentence; top-${topK} is more than that`, 'invalid-args');
  const description = await db.value<string | null>(`SELECT description FROM theme_descriptions WHERE model_id = ? AND latent = ?`, [unit.modelId, unit.latent]);
  return { ...base, model_id: unit.modelId, latent: unit.latent, top_k: topK, text: description };
}

/**
 * Rows for many units at once: sentence units are checked and given their text in one query, and repeats of
 * what the coder already has (or of each other) are dropped; theme and span units go one by one.
 */
export async function buildAssignments(db: Db, coder: string, codeId: string, units: readonly CodingUnit[]): Promise<AssignmentRow[]> {
  const sentences = units.filter((u): u is Extract<CodingUnit, { grain: 'sentence' }> => u.grain === 'sentence');
  const texts = await db.all<{ i: number; text: string | null }>(`
    WITH k AS (SELECT unnest(from_json(?::JSON, '["VARCHAR"]')) AS conversation_id, unnest(from_json(?::JSON, '["INTEGER"]')) AS turn,
      unnest(from_json(?::JSON, '["INTEGER"]')) AS sentence_index, unnest(range(?)) AS i)
    SELECT k.i, any_value(s.text) AS text FROM k LEFT JOIN sentences s USING (conversation_id, turn, sentence_index) GROUP BY k.i ORDER BY k.i`,
  [JSON.stringify(sentences.map((u) => u.conversationId)), JSON.stringify(sentences.map((u) => u.turn)), JSON.stringify(sentences.map((u) => u.sentenceIndex)), sentences.length]);
  const have = new Set((await db.all<{ k: string }>(`SELECT conversation_id || chr(0) || turn || chr(0) || sentence_index || chr(0) || exclude AS k
    FROM coding_assignments WHERE coder = ? AND code_id = ? AND grain = 'sentence'`, [coder, codeId])).map((r) => r.k));
  const out: AssignmentRow[] = [];
  const ts = nowIso();
  for (const [i, u] of sentences.entries()) {
    const text = texts[i]?.text ?? null;
    if (text === null) throw new UserError(`No sentence ${u.conversationId} turn ${u.turn} sentence ${u.sentenceIndex}`, 'not-found');
    const k = `${u.conversationId}\u0000${u.turn}\u0000${u.sentenceIndex}\u0000${u.exclude ?? false}`;
    if (have.has(k)) continue;
    have.add(k);
    out.push({
      assignment_id: newId('asg'), code_id: codeId, coder, grain: 'sentence', conversation_id: u.conversationId, turn: u.turn, sentence_index: u.sentenceIndex,
      start_char: null, end_char: null, model_id: null, latent: null, top_k: null, exclude: u.exclude ?? false, text, ts,
    });
  }
  for (const u of units) {
    if (u.grain === 'sentence') continue;
    const row = await buildAssignment(db, coder, codeId, u);
    if (!(await findSame(db, row)) && !out.some((o) => o.grain === row.grain && o.model_id === row.model_id && o.latent === row.latent && o.top_k === row.top_k
      && o.conversation_id === row.conversation_id && o.turn === row.turn && o.start_char === row.start_char && o.end_char === row.end_char)) out.push(row);
  }
  return out;
}

/** The same coder, code and unit already stored (assigning twice is one assignment). */
export async function findSame(db: Db, r: AssignmentRow): Promise<string | null> {
  return db.value<string | null>(`SELECT assignment_id FROM coding_assignments WHERE coder = ? AND code_id = ? AND grain = ?
      AND conversation_id IS NOT DISTINCT FROM ? AND turn IS NOT DISTINCT FROM ? AND sentence_index IS NOT DISTINCT FROM ?
      AND start_char IS NOT DISTINCT FROM ? AND end_char IS NOT DISTINCT FROM ? AND model_id IS NOT DISTINCT FROM ?
      AND latent IS NOT DISTINCT FROM ? AND top_k IS NOT DISTINCT FROM ? AND exclude = ? LIMIT 1`,
  [r.coder, r.code_id, r.grain, r.conversation_id, r.turn, r.sentence_index, r.start_char, r.end_char, r.model_id, r.latent, r.top_k, r.exclude]);
}

const ASSIGNMENT_SELECT = `a.assignment_id AS "assignmentId", a.code_id AS "codeId", t.path AS "codePath", a.coder, a.grain,
  a.conversation_id AS "conversationId", a.turn, a.sentence_index AS "sentenceIndex", a.start_char AS start, a.end_char AS "end",
  a.model_id AS "modelId", a.latent, a.top_k AS "topK", a.exclude, a.text, a.ts AS at`;

export interface AssignmentQuery extends CoderFilter {
  codeId?: string; descendants?: boolean; conversationId?: string; sentence?: SentenceKey; grain?: string; offset?: number; limit?: number;
  /** One assignment by id (what an edit returns). */
  assignmentId?: string;
}

export async function listAssignments(db: Db, q: AssignmentQuery): Promise<{ total: number; rows: CodingAssignment[] }> {
  const coders = visibleCoders(q);
  const where = `WHERE ($1::VARCHAR IS NULL OR (CASE WHEN $2 THEN list_contains(t.ids, $1) ELSE a.code_id = $1 END))
    AND ($3::VARCHAR IS NULL OR a.conversation_id = $3) AND ($4::VARCHAR[] IS NULL OR list_contains($4::VARCHAR[], a.coder))
    AND ($5::VARCHAR IS NULL OR a.grain = $5)
    AND ($6::VARCHAR IS NULL OR (a.conversation_id = $6 AND a.turn = $7 AND a.sentence_index = $8))
    AND ($9::VARCHAR IS NULL OR a.assignment_id = $9)`;
  const params = [q.codeId ?? null, q.descendants ?? false, q.conversationId ?? null, coderParam(coders), q.grain ?? null,
    q.sentence?.conversationId ?? null, q.sentence?.turn ?? null, q.sentence?.sentenceIndex ?? null];
  const id = q.assignmentId ?? null;
  const from = `FROM coding_assignments a JOIN (WITH RECURSIVE ${TREE_CTE} SELECT * FROM tree) t USING (code_id)`;
  const total = await db.value<number>(`SELECT count(*) ${from} ${where}`, [...params, id]);
  const rows = await db.all<CodingAssignment>(`SELECT ${ASSIGNMENT_SELECT} ${from} ${where} ORDER BY a.ts DESC, a.assignment_id LIMIT $10 OFFSET $11`,
    [...params, id, q.limit ?? 200, q.offset ?? 0]);
  return { total, rows };
}

export async function codedConversation(db: Db, conversationId: string, f: CoderFilter): Promise<CodedConversation> {
  const coders = visibleCoders(f);
  const exists = await db.value<number>(`SELECT count(*) FROM messages WHERE conversation_id = ?`, [conversationId]);
  if (!exists) throw new UserError(`No conversation "${conversationId}"`, 'not-found');
  const sentences = await db.all<{ conversationId: string; turn: number; sentenceIndex: number; role: string; text: string; codes: CodedConversation['sentences'][number]['codes'] | null }>(`
    WITH ${EFFECTIVE_CTES},
    e AS (SELECT DISTINCT ON (coder, code_id, turn, sentence_index) * FROM effective
          WHERE conversation_id = $1 AND ($2::VARCHAR[] IS NULL OR list_contains($2::VARCHAR[], coder)) ORDER BY coder, code_id, turn, sentence_index, grain DESC)
    SELECT s.conversation_id AS "conversationId", s.turn, s.sentence_index AS "sentenceIndex", m.role, s.text,
      (SELECT list({codeId: e.code_id, coder: e.coder, grain: e.grain, assignmentId: e.assignment_id} ORDER BY e.coder, e.code_id)
       FROM e WHERE e.turn = s.turn AND e.sentence_index = s.sentence_index) AS codes
    FROM sentences s JOIN messages m USING (conversation_id, turn)
    WHERE s.conversation_id = $1 ORDER BY s.turn, s.sentence_index`, [conversationId, coderParam(coders)]);
  const spans = await listAssignments(db, { conversationId, grain: 'span', coders: coders ?? undefined, limit: 5000 });
  const memos = await db.all<MemoRow>(`SELECT * FROM coding_memos WHERE target_kind = 'conversation' AND target_id = ?
      AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], coder)) ORDER BY ts`, [conversationId, coderParam(coders), coderParam(coders)]);
  return {
    conversationId,
    sentences: sentences.map((s) => ({ ...s, codes: s.codes ?? [] })),
    spans: spans.rows.sort((a, b) => (a.turn ?? 0) - (b.turn ?? 0) || (a.start ?? 0) - (b.start ?? 0)),
    memos: memos.map(memoFromRow),
  };
}

/** Sentence units carrying a code (or one of its descendants), effective codes, one row per coder and sentence. */
export async function codeSentences(db: Db, codeId: string, q: CoderFilter & { descendants?: boolean; offset?: number; limit?: number }) {
  const coders = visibleCoders(q);
  const sql = `WITH RECURSIVE ${TREE_CTE}, ${EFFECTIVE_CTES},
    hit AS (SELECT DISTINCT e.coder, e.conversation_id, e.turn, e.sentence_index FROM effective e JOIN tree t USING (code_id)
      WHERE (CASE WHEN $2 THEN list_contains(t.ids, $1) ELSE e.code_id = $1 END) AND ($3::VARCHAR[] IS NULL OR list_contains($3::VARCHAR[], e.coder)))`;
  const params = [codeId, q.descendants ?? false, coderParam(coders)];
  const total = await db.value<number>(`${sql} SELECT count(*) FROM hit`, params);
  const rows = await db.all<SentenceKey & { text: string; coder: string }>(`${sql}
    SELECT h.conversation_id AS "conversationId", h.turn, h.sentence_index AS "sentenceIndex", s.text, h.coder
    FROM hit h JOIN sentences s USING (conversation_id, turn, sentence_index) ORDER BY 1, 2, 3, 5 LIMIT $4 OFFSET $5`,
  [...params, q.limit ?? 200, q.offset ?? 0]);
  return { total, rows };
}
