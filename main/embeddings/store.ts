// Embedding sets in the workspace: one `embedding_sets` row each, and the vectors in their own table
// embeddings_<table_no> (conversation_id, turn, sentence_index, vector FLOAT[d]). The table's name is built only
// from the integer table_no, never from text.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { isoOf, nowSql } from '../judge/time.js';
import type { EmbeddingProvider, EmbeddingSet, EmbeddingSetState } from '../api/contract/embeddings.js';
import { OFFLINE_LABEL, OFFLINE_PROVIDER } from './offline.js';

export function vectorTable(tableNo: number): string {
  if (!Number.isSafeInteger(tableNo) || tableNo < 1) throw new Error(`bad embedding table number ${tableNo}`);
  return `embeddings_${tableNo}`;
}

interface SetRow {
  embedding_set_id: string; table_no: number; provider: string; model: string; dimensions: number; sentences: number;
  params: string | null; state: string; message: string | null; label: string | null; created_at: unknown; updated_at: unknown;
}

export interface StoredSet { id: string; tableNo: number; provider: EmbeddingProvider; model: string; dimensions: number; sentences: number; state: EmbeddingSetState; params: Record<string, unknown> }

function toSet(r: SetRow, live: ReadonlyMap<string, string>): EmbeddingSet {
  const params = r.params ? (JSON.parse(r.params) as Record<string, unknown>) : {};
  // A set left 'running' with no job in this process was stopped by a restart: it can be resumed.
  const state = (r.state === 'running' && !live.has(r.embedding_set_id) ? 'interrupted' : r.state) as EmbeddingSetState;
  return {
    id: r.embedding_set_id, provider: r.provider as EmbeddingProvider, model: r.model, dimensions: r.dimensions, sentences: r.sentences,
    state, message: r.message, jobId: live.get(r.embedding_set_id) ?? null, label: r.label, kind: r.provider === OFFLINE_PROVIDER ? OFFLINE_LABEL : r.provider === 'import' ? 'imported vectors' : 'embedding model',
    params, createdAt: isoOf(r.created_at) ?? '', updatedAt: isoOf(r.updated_at) ?? '',
  };
}

/** `live`: set id → job id of the sets being built in this process. */
export async function listSets(db: Db, live: ReadonlyMap<string, string> = new Map()): Promise<EmbeddingSet[]> {
  const rows = await db.all<SetRow>(`SELECT * FROM embedding_sets ORDER BY created_at, table_no`);
  return rows.map((r) => toSet(r, live));
}

export async function getSet(db: Db, id: string): Promise<StoredSet> {
  const r = await db.one<SetRow>(`SELECT * FROM embedding_sets WHERE embedding_set_id = ?`, [id]);
  if (!r) throw new UserError(`No embedding set with id ${id}`, 'not-found');
  return {
    id: r.embedding_set_id, tableNo: r.table_no, provider: r.provider as EmbeddingProvider, model: r.model, dimensions: r.dimensions,
    sentences: r.sentences, state: r.state as EmbeddingSetState, params: r.params ? JSON.parse(r.params) : {},
  };
}

/** Registers a set (state 'running') under the next table number; its vector table comes when d is known. */
export async function insertSet(db: Db, s: { provider: EmbeddingProvider; model: string; dimensions: number; params: Record<string, unknown>; label?: string | null }): Promise<{ id: string; tableNo: number }> {
  return db.transaction(async () => {
    const tableNo = ((await db.value<number | null>(`SELECT max(table_no) FROM embedding_sets`)) ?? 0) + 1;
    const id = `emb-${tableNo}-${randomUUID().slice(0, 8)}`;
    await db.run(`INSERT INTO embedding_sets VALUES (?, ?, ?, ?, ?, 0, ?, 'running', 'Starting', ?, ${nowSql}, ${nowSql})`,
      [id, tableNo, s.provider, s.model, s.dimensions, JSON.stringify(s.params), s.label ?? null]);
    return { id, tableNo };
  });
}

export async function setState(db: Db, id: string, state: EmbeddingSetState, message: string | null): Promise<void> {
  await db.run(`UPDATE embedding_sets SET state = ?, message = ?, updated_at = ${nowSql} WHERE embedding_set_id = ?`, [state, message, id]);
}

/** (Re)creates the empty vector table; call inside the transaction that fills it. */
export async function createVectorTable(db: Db, tableNo: number, d: number): Promise<string> {
  if (!Number.isSafeInteger(d) || d < 1 || d > 65_535) throw new UserError(`Vectors must have 1 to 65535 dimensions, not ${d}`);
  const t = vectorTable(tableNo);
  await db.run(`DROP TABLE IF EXISTS ${t}`);
  await db.run(`CREATE TABLE ${t} (conversation_id VARCHAR NOT NULL, turn INTEGER NOT NULL, sentence_index INTEGER NOT NULL, vector FLOAT[${d}] NOT NULL)`);
  return t;
}

/** Marks a set done with its final size; call inside the transaction that filled the table. */
export async function finishSet(db: Db, id: string, d: number, sentences: number, message: string, params?: Record<string, unknown>): Promise<void> {
  await db.run(`UPDATE embedding_sets SET state = 'done', dimensions = ?, sentences = ?, message = ?, ${params ? 'params = ?, ' : ''}updated_at = ${nowSql} WHERE embedding_set_id = ?`,
    params ? [d, sentences, message, JSON.stringify(params), id] : [d, sentences, message, id]);
}

/** Removes the set and its vectors. Theme models that name it are left as they are (their service decides what a missing set means). */
export async function deleteSet(db: Db, id: string): Promise<void> {
  const s = await getSet(db, id);
  await db.transaction(async () => {
    await db.run(`DROP TABLE IF EXISTS ${vectorTable(s.tableNo)}`);
    await db.run(`DELETE FROM embedding_sets WHERE embedding_set_id = ?`, [id]);
  });
}

/** Supporter sentence units in key order, optionally with their text. */
export async function sentenceUnits(db: Db): Promise<{ conversationIds: string[]; turns: Int32Array; sentenceIndex: Int32Array; texts: string[] }> {
  const rows = await db.all<{ c: string; t: number; s: number; x: string }>(
    `SELECT conversation_id AS c, turn AS t, sentence_index AS s, text AS x FROM sentences ORDER BY conversation_id, turn, sentence_index`);
  return {
    conversationIds: rows.map((r) => r.c), turns: Int32Array.from(rows, (r) => r.t), sentenceIndex: Int32Array.from(rows, (r) => r.s), texts: rows.map((r) => r.x),
  };
}
