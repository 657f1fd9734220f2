import { availableParallelism } from 'node:os';
import type { Db } from '../db/workspace.js';
import { splitSentences } from '../text/sentences.js';
import { spaceSeparatedWords } from '../text/words.js';
import { WorkerPool } from '../../workers/rpc.js';
import type { SentencesWorker } from '../../workers/sentences.worker.js';

const BATCH = 50_000;
/**
 * Messages of plain typed text (ASCII plus curly quotes and dashes) split in ~3 µs each on the main thread
 * (sentences.ts's fast path), while DuckDB reads the next batch on its own threads: 170,000 messages took
 * 0.5 s, where handing them to worker threads (start-up, copying strings both ways) took 7 s. Other text
 * goes through Intl.Segmenter (~30 µs a message): a batch with this many of those sends them to workers.
 */
const SLOW_FOR_WORKERS = 2_000;
const NEEDS_INTL = /[^\t\n\x20-\x7e\u2018\u2019\u201c\u201d\u2013\u2014]/;

export interface SentenceStageOptions {
  /** Batches with at least this many Intl-bound messages use worker threads (tests lower it). */
  slowForWorkers?: number;
  /** Staged rows (by rowid) read per batch; tests make it small to prove no batch is lost. */
  batchRows?: number;
}

/**
 * Splits every non-empty supporter message of stage_messages into sentence units (methods §8) and
 * appends them to the TEMP table stage_sentences, batch by batch, so memory stays flat. The same pass
 * counts each conversation's supporter words into the TEMP table stage_supporter_words (see words.ts).
 */
export async function stageSentences(
  db: Db,
  onProgress: (done: number, total: number) => void,
  checkCancelled: () => void,
  options: SentenceStageOptions = {},
): Promise<number> {
  await db.run('DROP TABLE IF EXISTS stage_sentences');
  await db.run('CREATE TEMP TABLE stage_sentences (conversation_id VARCHAR, turn INTEGER, sentence_index INTEGER, text VARCHAR)');
  await db.run('DROP TABLE IF EXISTS stage_supporter_words');
  await db.run('CREATE TEMP TABLE stage_supporter_words (conversation_id VARCHAR, words BIGINT)');
  const batch = options.batchRows ?? BATCH;
  const words = new Map<string, number>();
  const where = `role = 'supporter' AND text IS NOT NULL AND trim(text) <> ''`;
  const threshold = options.slowForWorkers ?? SLOW_FOR_WORKERS;
  const workers = Math.min(availableParallelism(), 4);
  let pool: WorkerPool<SentencesWorker> | null = null;
  /** Units of each message of the batch, in order; Intl-bound messages go to workers when there are many. */
  const split = async (texts: string[]): Promise<string[][]> => {
    const out: string[][] = new Array(texts.length);
    const slow: number[] = [];
    for (let i = 0; i < texts.length; i++) if (NEEDS_INTL.test(texts[i])) slow.push(i);
    if (slow.length < threshold || workers < 2) {
      for (let i = 0; i < texts.length; i++) out[i] = splitSentences(texts[i]);
      return out;
    }
    pool ??= new WorkerPool<SentencesWorker>('sentences', workers);
    const size = Math.ceil(slow.length / pool.size);
    const jobs: Promise<void>[] = [];
    for (let k = 0; k < slow.length; k += size) {
      const part = slow.slice(k, k + size);
      jobs.push(pool.call('split', [part.map((i) => texts[i])]).then(({ counts, units }) => {
        let u = 0;
        for (let j = 0; j < part.length; j++) { out[part[j]] = units.slice(u, u + counts[j]); u += counts[j]; }
      }));
    }
    // The main thread splits the rest while the workers run.
    let s = 0;
    for (let i = 0; i < texts.length; i++) {
      if (s < slow.length && slow[s] === i) { s++; continue; }
      out[i] = splitSentences(texts[i]);
    }
    await Promise.all(jobs);
    return out;
  };
  const app = await db.conn.createAppender('stage_sentences', 'main', 'temp');
  let units = 0;
  // Batches by rowid, each read whole (a streaming result on this connection ends early once the
  // appender flushes); the next batch is read on DuckDB's threads while this one is split.
  const maxRow = (await db.value<number | null>('SELECT max(rowid) FROM stage_messages')) ?? -1;
  const read = async (from: number) => (await db.conn.runAndReadAll(
    `SELECT conversation_id, CAST(turn AS INTEGER) AS turn, text FROM stage_messages
     WHERE rowid >= ? AND rowid < ? AND ${where} ORDER BY rowid`, [from, from + batch])).getColumns();
  try {
    let next: ReturnType<typeof read> | null = maxRow >= 0 ? read(0) : null;
    for (let from = 0; next; from += batch) {
      const cols = await next;
      next = from + batch <= maxRow ? read(from + batch) : null;
      // A batch with no supporter message reads no chunk, hence no columns.
      const ids = (cols[0] ?? []) as string[];
      const turns = (cols[1] ?? []) as number[];
      const texts = (cols[2] ?? []) as string[];
      const parts = await split(texts);
      for (let i = 0; i < texts.length; i++) words.set(ids[i], (words.get(ids[i]) ?? 0) + spaceSeparatedWords(texts[i]));
      for (let i = 0; i < parts.length; i++) {
        const p = parts[i];
        for (let s = 0; s < p.length; s++) {
          app.appendVarchar(ids[i]);
          app.appendInteger(turns[i]);
          app.appendInteger(s);
          app.appendVarchar(p[s]);
          app.endRow();
        }
        units += p.length;
      }
      // Progress in staged rows: counting the supporter messages first would cost a scan of all the text.
      onProgress(Math.min(from + batch, maxRow + 1), maxRow + 1);
      checkCancelled();
    }
  } finally {
    app.closeSync();
    await (pool as WorkerPool<SentencesWorker> | null)?.terminate();
  }
  const w = await db.conn.createAppender('stage_supporter_words', 'main', 'temp');
  try {
    for (const [id, n] of words) { w.appendVarchar(id); w.appendBigInt(BigInt(n)); w.endRow(); }
  } finally {
    w.closeSync();
  }
  return units;
}
