// The explorer's reads: a page of conversations, one conversation in full, and the filtered list as CSV.
import { listValue } from '@duckdb/node-api';
import type { Db } from '../db/workspace.js';
import type { ConversationDetail, ConversationPage, ConversationQuery, ConversationRow, CsvExport } from '../api/contract/index.js';
import { CONSENSUS_CODER } from '../api/contract/index.js';
import { UserError } from '../domain/errors.js';
import { buildConversationQuery, buildPageQuery } from './conversation-query.js';
import { checkRegex } from './regex-check.js';
import { indexCandidates, searchOf } from './search-opts.js';
import { scorePivot, type ScorePivot } from './score-pivot.js';
import { pageState } from './page-state.js';
import { toCsv } from '../export/csv.js';
import { splitSentences } from '../text/sentences.js';

const MAX_PAGE = 1000;

/** The score set's pivot, or none; an unknown score set id is the caller's mistake and says so. */
async function pivotFor(db: Db, scoreSetId: string | null | undefined, version?: string): Promise<ScorePivot | null> {
  if (!scoreSetId) return null;
  const pivot = await scorePivot(db, scoreSetId, version);
  if (!pivot && !(await db.value<number>(`SELECT count(*) FROM score_sets WHERE score_set_id = ?`, [scoreSetId]))) {
    throw new UserError(`No score set "${scoreSetId}"`, 'not-found');
  }
  return pivot;
}

function toRow(r: Record<string, unknown>, dims: string[]): ConversationRow {
  return {
    conversation_id: String(r.conversation_id),
    participant_id: (r.participant_id as string) ?? null,
    condition: (r.condition as string) ?? null,
    round: (r.round as number) ?? null,
    scenario: (r.scenario as string) ?? null,
    scenario_type: (r.scenario_type as string) ?? null,
    messages: Number(r.messages ?? 0),
    supporter_words: Number(r.supporter_words ?? 0),
    scores: Object.fromEntries(dims.map((d) => [d, (r[d] as number) ?? null])),
    overall: (r.overall as number) ?? null,
  };
}

/**
 * Score ranges must be possible on their score set's scale: min 9 on a 1-5 scale, or min above max,
 * would silently match nothing.
 */
async function checkScoreRanges(db: Db, f: ConversationQuery['filter']): Promise<void> {
  for (const [i, r] of (f.scoreRanges ?? []).entries()) {
    const scale = await db.one<{ lo: number; hi: number }>('SELECT scale_min AS lo, scale_max AS hi FROM score_sets WHERE score_set_id = ?', [r.scoreSetId]);
    if (!scale) throw new UserError(`filter.scoreRanges.${i}: no score set "${r.scoreSetId}"`, 'not-found');
    for (const [name, v] of [['min', r.min], ['max', r.max]] as const) {
      if (v != null && (v < scale.lo || v > scale.hi)) {
        throw new UserError(`Score filter on ${r.dimension}: ${name} ${v} is outside the scale of ${r.scoreSetId} (${scale.lo}–${scale.hi})`, 'invalid-args');
      }
    }
    if (r.min != null && r.max != null && r.min > r.max) {
      throw new UserError(`Score filter on ${r.dimension}: min ${r.min} is above max ${r.max}`, 'invalid-args');
    }
  }
}

/** A code filter names codes and a coder that exist: an unknown one would silently match nothing. */
async function checkCodeFilter(db: Db, f: ConversationQuery['filter']): Promise<void> {
  if (!f.codes) return;
  const known = new Set((await db.all<{ id: string }>(`SELECT code_id AS id FROM coding_codes WHERE list_contains(?::VARCHAR[], code_id)`, [listValue(f.codes.codeIds)])).map((r) => r.id));
  const i = f.codes.codeIds.findIndex((id) => !known.has(id));
  if (i >= 0) throw new UserError(`filter.codes.codeIds.${i}: no code "${f.codes.codeIds[i]}"`, 'not-found');
  const coder = f.codes.coder;
  if (coder !== undefined && coder !== CONSENSUS_CODER && !(await db.value<number>(`SELECT count(*) FROM coding_coders WHERE name = ?`, [coder]))) {
    throw new UserError(`filter.codes.coder: no coder "${coder}"`, 'not-found');
  }
}

export interface ListOptions {
  /**
   * Called when the word index is current but explorer_docs is not (conversations changed in place since: a scenario
   * assignment or a coding change bumped the data version). The page reads conversation_stats meanwhile; the caller
   * has the search service refill the table in the background.
   */
  onStaleDocs?: () => void;
}

export async function listConversations(db: Db, q: ConversationQuery, list: ListOptions = {}): Promise<ConversationPage> {
  const t0 = performance.now();
  await checkScoreRanges(db, q.filter);
  await checkCodeFilter(db, q.filter);
  const state = await pageState(db);
  if (state.indexDocs !== null && state.docs === 'stale') list.onStaleDocs?.();
  const pivot = await pivotFor(db, q.scoreSetId, state.scores);
  const dims = pivot?.dimensions ?? [];
  const search = searchOf(q.filter);
  if (search?.mode === 'regex') await checkRegex(db, search.text);
  const candidates = await indexCandidates(db, search, state);
  const limit = Math.max(0, Math.min(q.limit ?? 100, MAX_PAGE));
  const offset = Math.max(0, q.offset ?? 0);
  // Document numbers only with the index they came from: a stale index's candidates are not used at all (above).
  // explorer_docs is numbered with search_docs, which only a search text build renumbers (refilling explorer_docs).
  const opts = { scoreTable: pivot?.table, candidates, docs: state.docs === 'ready', searchText: state.searchText };
  const { sql, params, countSql, countParams } = buildPageQuery(q, dims, opts, limit, offset);
  const rows = await db.all(sql, params);
  const total = countSql
    ? Number(await db.value(countSql, countParams))
    : rows.length ? Number(rows[0].total) : offset > 0 ? await countAll(db, q, dims, opts) : 0;
  const searchMode = search ? (candidates ? 'index' : 'scan') : null;
  const note = search ? searchNote(search.mode, candidates, state.indexDocs !== null, state.searchText) : null;
  return { total, offset, rows: rows.map((r) => toRow(r, dims)), searchNote: note, searchMode, elapsedMs: performance.now() - t0 };
}

/** The number of matches when the page (past the last one) could not carry it. */
async function countAll(db: Db, q: ConversationQuery, dims: string[], opts: Parameters<typeof buildConversationQuery>[2]): Promise<number> {
  const { sql, params } = buildConversationQuery(q, dims, opts);
  return Number(await db.value(`SELECT count(*) FROM (${sql})`, params));
}

/** What the search note tells the user about how the matches were found (it must stay true for each path). */
function searchNote(mode: 'contains' | 'regex', candidates: { exact?: boolean } | null, ready: boolean, searchText: boolean): string {
  const indexed = candidates !== null;
  if (!ready && mode === 'contains' && !searchText) {
    return 'Text search scans every message while the search text and word index are being built (no full-text index yet).';
  }
  if (!ready) return 'Text search scans every conversation while the word index is being built (no full-text index yet).';
  if (mode === 'regex') {
    return indexed
      ? 'Regular-expression search: the word index picked the conversations holding its literal words, then each message was checked.'
      : 'Regular-expression search scans every message (no literal word to look up in the word index); narrow with filters for speed.';
  }
  if (candidates?.exact) return 'Text search: answered from the word index (the words and what separates them, in order); no text was scanned.';
  return indexed
    ? 'Text search: the word index picked the conversations holding these words, then the exact text was checked.'
    : 'Text search scans the lower-cased text of each conversation (its words are too common or too short for the word index).';
}

export async function getConversation(db: Db, id: string): Promise<ConversationDetail> {
  const page = await listConversations(db, { filter: { conversationIds: [id] }, limit: 1 });
  if (!page.rows.length) throw new UserError(`No conversation "${id}"`, 'not-found');
  const conv = await db.one<{ extra: string | null }>(`SELECT CAST(extra AS VARCHAR) AS extra FROM conversations WHERE conversation_id = ?`, [id]);
  const participant = page.rows[0].participant_id
    ? (await db.one(`SELECT * EXCLUDE (import_id, extra) FROM participants WHERE participant_id = ?`, [page.rows[0].participant_id])) ?? null
    : null;
  const messages = await db.all<{ turn: number; role: string; text: string; annotation: string | null }>(
    `SELECT turn, role, text, CAST(annotation AS VARCHAR) AS annotation FROM messages WHERE conversation_id = ? ORDER BY turn`, [id]);
  const stored = await db.all<{ turn: number; text: string }>(
    `SELECT turn, text FROM sentences WHERE conversation_id = ? ORDER BY turn, sentence_index`, [id]);
  const byTurn = new Map<number, string[]>();
  for (const s of stored) (byTurn.get(s.turn) ?? byTurn.set(s.turn, []).get(s.turn)!).push(s.text);
  const scores = await db.all<ConversationDetail['scores'][number]>(
    `SELECT s.score_set_id AS "scoreSetId", ss.rater, s.dimension, s.score, s.rationale, s.evidence
     FROM scores s JOIN score_sets ss USING (score_set_id) WHERE s.conversation_id = ? ORDER BY ss.created_at, s.score_set_id, s.dimension`, [id]);
  const selfReports = await db.all<{ item: string; value: number | null }>(
    `SELECT item, value FROM self_reports WHERE conversation_id = ? ORDER BY item`, [id]);
  return {
    conversation: page.rows[0],
    participant,
    extra: conv?.extra ? JSON.parse(conv.extra) : null,
    messages: messages.map((m) => ({
      turn: m.turn,
      role: m.role,
      text: m.text,
      // Stored units are what analyses use; seeker turns are split on the fly for display only.
      sentences: m.role === 'supporter' ? byTurn.get(m.turn) ?? [] : splitSentences(m.text),
      annotation: m.annotation ? JSON.parse(m.annotation) : null,
    })),
    scores,
    selfReports,
  };
}

export async function exportConversations(db: Db, q: Pick<ConversationQuery, 'filter' | 'scoreSetId'>): Promise<CsvExport> {
  await checkScoreRanges(db, q.filter);
  await checkCodeFilter(db, q.filter);
  // The same sources as a page: explorer_docs and the word index's candidates when they are current.
  const state = await pageState(db);
  const pivot = await pivotFor(db, q.scoreSetId, state.scores);
  const dims = pivot?.dimensions ?? [];
  const search = searchOf(q.filter);
  if (search?.mode === 'regex') await checkRegex(db, search.text);
  const candidates = await indexCandidates(db, search, state);
  const opts = { scoreTable: pivot?.table, candidates, docs: state.docs === 'ready', searchText: state.searchText };
  const { sql, params } = buildConversationQuery({ ...q, sort: { key: 'conversation_id', dir: 'asc' } }, dims, opts);
  const rows = await db.all(sql, params);
  const header = ['conversation_id', 'participant_id', 'condition', 'round', 'scenario', 'scenario_type', 'messages', 'supporter_words', ...dims, ...(dims.length ? ['overall'] : [])];
  return {
    filename: `conversations${q.scoreSetId ? '-' + q.scoreSetId.replace(/[^\w.-]+/g, '_') : ''}.csv`,
    csv: toCsv(header, rows),
    rows: rows.length,
  };
}
