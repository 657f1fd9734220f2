import { availableParallelism } from 'node:os';
import type { Db } from '../db/workspace.js';
import { splitSentences } from '../text/sentences.js';
import { WorkerPool } from '../../workers/rpc.js';
import type { SentencesWorker } from '../../workers/sentences.worker.js';

const BATCH = 50_000;
// Below this many messages, starting worker threads costs more than it saves.
const WORKER_THRESHOLD = 5_000;

interface Batch { ids: string[]; turns: number[]; texts: string[] }
interface Split { counts: ArrayLike<number>; units: string[] }

/**
 * Splits every non-empty supporter message of stage_messages into sentence units (methods §8) and
 * appends them to stage_sentences. Batches by rowid keep memory flat; the next batch is read while
 * worker threads split the current one.
 */
export async function stageSentences(
  db: Db,
  onProgress: (done: number, total: number) => void,
  checkCancelled: () => void,
): Promise<number> {
  await db.run('DROP TABLE IF EXISTS stage_sentences');
  await db.run('CREATE TEMP TABLE stage_sentences (conversation_id VARCHAR, turn INTEGER, sentence_index INTEGER, text VARCHAR)');
  const where = `role = 'supporter' AND text IS NOT NULL AND trim(text) <> ''`;
  const total = await db.value<number>(`SELECT count(*) FROM stage_messages WHERE ${where}`);
  const maxRow = (await db.value<number | null>('SELECT max(rowid) FROM stage_messages')) ?? -1;
  const read = async (from: number): Promise<Batch> => {
    const cols = (await db.conn.runAndReadAll(
      `SELECT conversation_id, CAST(turn AS INTEGER) AS turn, text FROM stage_messages
       WHERE rowid >= ? AND rowid < ? AND ${where} ORDER BY rowid`, [from, from + BATCH])).getColumns();
    return { ids: cols[0] as string[], turns: cols[1] as number[], texts: cols[2] as string[] };
  };
  const workers = Math.min(availableParallelism(), 4);
  const pool = total >= WORKER_THRESHOLD && workers > 1 ? new WorkerPool<SentencesWorker>('sentences', workers) : null;
  const split = async (texts: string[]): Promise<Split[]> => {
    if (!pool) {
      const parts = texts.map(splitSentences);
      return [{ counts: parts.map((p) => p.length), units: parts.flat() }];
    }
    const size = Math.ceil(texts.length / pool.size);
    const jobs = [];
    for (let i = 0; i < texts.length; i += size) jobs.push(pool.call('split', [texts.slice(i, i + size)]));
    return Promise.all(jobs);
  };
  const app = await db.conn.createAppender('stage_sentences', 'main', 'temp');
  let done = 0;
  let units = 0;
  try {
    let next: Promise<Batch> | null = maxRow >= 0 ? read(0) : null;
    for (let from = 0; next; from += BATCH) {
      const batch = await next;
      next = from + BATCH <= maxRow ? read(from + BATCH) : null;
      const parts = await split(batch.texts);
      let i = 0;
      for (const { counts, units: flat } of parts) {
        let u = 0;
        for (let k = 0; k < counts.length; k++, i++) {
          for (let s = 0; s < counts[k]; s++) {
            app.appendVarchar(batch.ids[i]);
            app.appendInteger(batch.turns[i]);
            app.appendInteger(s);
            app.appendVarchar(flat[u++]);
            app.endRow();
          }
        }
        units += flat.length;
      }
      done += batch.ids.length;
      onProgress(done, total);
      checkCancelled();
    }
  } finally {
    app.closeSync();
    await pool?.terminate();
  }
  return units;
}
