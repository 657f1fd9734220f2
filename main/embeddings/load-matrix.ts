// An embedding set's vectors as one Float32Array (rows in (conversation_id, turn, sentence_index) order), for
// the kSAE, the map and anything else that moves vectors to workers as transferable buffers.
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { getSet, vectorTable } from './store.js';

export interface EmbeddingMatrix {
  n: number;
  d: number;
  /** n × d, row-major. */
  data: Float32Array;
  conversationIds: string[];
  turns: Int32Array;
  sentenceIndex: Int32Array;
}

export interface LoadMatrixOptions {
  /** Only sentence units of conversations with this scenario type (default: all). */
  scenarioType?: 'personal' | 'workplace';
}

export async function loadMatrix(db: Db, embeddingSetId: string, opts: LoadMatrixOptions = {}): Promise<EmbeddingMatrix> {
  const set = await getSet(db, embeddingSetId);
  if (set.state !== 'done') throw new UserError(`Embedding set ${embeddingSetId} is not complete (${set.state})`, 'bad-request');
  const t = vectorTable(set.tableNo);
  const where = opts.scenarioType ? `WHERE conversation_id IN (SELECT conversation_id FROM conversations WHERE scenario_type = ?)` : '';
  const params = opts.scenarioType ? [opts.scenarioType] : [];
  const rows = Number(await db.value<number | bigint>(`SELECT count(*) FROM ${t} ${where}`, params));
  const m = await db.floatMatrix(
    `SELECT vector, conversation_id, turn, sentence_index FROM ${t} ${where} ORDER BY conversation_id, turn, sentence_index`, params, set.dimensions, rows);
  return {
    n: m.n, d: set.dimensions, data: m.data, conversationIds: m.columns[0] as string[],
    turns: Int32Array.from(m.columns[1] as number[]), sentenceIndex: Int32Array.from(m.columns[2] as number[]),
  };
}
