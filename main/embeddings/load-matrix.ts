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
  /**
   * Called after each chunk with the matrix being filled (rows in table order, not yet in key order) and how many
   * of its rows have arrived, so a caller can start on the first rows while the rest is read (the map's preview).
   * The matrix is only valid for the read's duration: it may be moved or reordered afterwards.
   */
  onRows?: (partial: Float32Array, rows: number, total: number) => void;
}

export async function loadMatrix(db: Db, embeddingSetId: string, opts: LoadMatrixOptions = {}): Promise<EmbeddingMatrix> {
  const set = await getSet(db, embeddingSetId);
  if (set.state !== 'done') throw new UserError(`Embedding set ${embeddingSetId} is not complete (${set.state})`, 'bad-request');
  const t = vectorTable(set.tableNo);
  const where = opts.scenarioType ? `WHERE conversation_id IN (SELECT conversation_id FROM conversations WHERE scenario_type = ?)` : '';
  const params = opts.scenarioType ? [opts.scenarioType] : [];
  const rows = Number(await db.value<number | bigint>(`SELECT count(*) FROM ${t} ${where}`, params));
  // Read in table order and put the keys in order here: DuckDB's ORDER BY sorted the vectors with the keys, which
  // cost more than reading them (29,520 × 3072: 38.6 s against 12.1 s at load 10). Sets are written in key order,
  // so the rows usually need no move at all.
  // Streamed chunk by chunk into the one matrix (Db.floatChunks), so DuckDB never holds a second copy of it.
  const d = set.dimensions;
  const read = new Float32Array(rows * d);
  const conversationIds: string[] = [];
  const turns = new Int32Array(rows), sentenceIndex = new Int32Array(rows);
  const n = await db.floatChunks(`SELECT vector, conversation_id, turn, sentence_index FROM ${t} ${where}`, params, d, (vectors, k, columns) => {
    const at = conversationIds.length;
    if (at + k > rows) throw new Error(`loadMatrix: more than ${rows} rows`);
    read.set(vectors, at * d);
    for (let i = 0; i < k; i++) {
      conversationIds.push(columns[0][i] as string);
      turns[at + i] = columns[1][i] as number;
      sentenceIndex[at + i] = columns[2][i] as number;
    }
    opts.onRows?.(read, at + k, rows);
  });
  const filled = n === rows ? read : read.slice(0, n * d);
  const keys = { conversationIds, turns: n === rows ? turns : turns.slice(0, n), sentenceIndex: n === rows ? sentenceIndex : sentenceIndex.slice(0, n) };
  const order = keyOrder(keys);
  if (!order) return { n, d, data: filled, ...keys };
  const data = new Float32Array(n * d);
  order.forEach((from, to) => data.set(filled.subarray(from * d, (from + 1) * d), to * d));
  return {
    n, d, data, conversationIds: Array.from(order, (i) => keys.conversationIds[i]),
    turns: Int32Array.from(order, (i) => keys.turns[i]), sentenceIndex: Int32Array.from(order, (i) => keys.sentenceIndex[i]),
  };
}

/**
 * Strings in DuckDB's VARCHAR order (UTF-8 bytes, i.e. code points). JavaScript's `<` compares UTF-16 code units,
 * which puts characters above U+FFFF (surrogate pairs, D800-DFFF) before U+E000-FFFF; shifting the units fixes that.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800) x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
    if (y >= 0xd800) y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    return x - y;
  }
  return a.length - b.length;
}

/** The row order that sorts the keys by (conversation_id, turn, sentence_index), or null when they already are. */
export function keyOrder(k: { conversationIds: readonly string[]; turns: ArrayLike<number>; sentenceIndex: ArrayLike<number> }): Int32Array | null {
  const compare = (i: number, j: number) =>
    compareCodePoints(k.conversationIds[i], k.conversationIds[j]) || k.turns[i] - k.turns[j] || k.sentenceIndex[i] - k.sentenceIndex[j];
  const n = k.conversationIds.length;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = compare(i - 1, i) <= 0;
  if (sorted) return null;
  return Int32Array.from({ length: n }, (_, i) => i).sort(compare);
}
