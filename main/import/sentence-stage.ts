import { availableParallelism } from 'node:os';
import { DuckDBDataChunk, INTEGER } from '@duckdb/node-api';
import type { Db } from '../db/workspace.js';
import { sentenceSpans } from '../text/sentences.js';
import { spaceSeparatedWords, trimsToEmpty } from '../text/words.js';
import { WorkerPool } from '../../workers/rpc.js';
import type { SentencesWorker } from '../../workers/sentences.worker.js';
import { SpanBuffer } from './span-buffer.js';

/**
 * Messages of plain typed text (ASCII plus curly quotes and dashes) split in ~3 µs each on the main thread
 * (sentences.ts's fast path). Other text goes through Intl.Segmenter (~30 µs a message): once this many of
 * those have gathered, they go to worker threads while the main thread reads and splits the rest.
 */
const SLOW_FOR_WORKERS = 2_000;
const NEEDS_INTL = /[^\t\n\x20-\x7e\u2018\u2019\u201c\u201d\u2013\u2014]/;
/** Staged rows between two progress reports (and cancel checks). */
const PROGRESS_ROWS = 50_000;

export interface SentenceStageOptions {
  /** Intl-bound messages handed to worker threads at a time (tests lower it). */
  slowForWorkers?: number;
  /** Unit rows per appended data chunk (DuckDB's vector size by default); tests make it small to prove none is lost. */
  appendRows?: number;
  /** Staged rows between progress reports and cancel checks (tests make it small to cancel mid-stream). */
  progressRows?: number;
}

/** What the split found: unit spans from this thread and the workers, and each conversation's supporter words. */
export interface SplitUnits { parts: SpanBuffer[]; words: Map<string, number> }

/**
 * Splits every non-empty supporter message of stage_messages into sentence units (methods §8), keeping where each
 * unit lies — (staged rowid, sentence index, first code point, code points) — as integers only, so no JS string is
 * made per unit and nothing but integers goes back to DuckDB; the text is cut from stage_messages by SQL
 * (SENTENCES_FROM_UNITS, after writeUnits). The same pass counts each conversation's supporter words (see words.ts).
 *
 * The supporter messages are read by one query whose result DuckDB holds in full (about a third of a 100x study's
 * text); once this resolves, the connection is free and the split runs in this thread (and workers) while the caller
 * writes the tables that do not need the units: at 100x the split is ~6-9 s of JavaScript on one core, during which
 * DuckDB's inserts use the other. `done` settles when every message is split; its errors (a cancel) are the
 * caller's to await.
 */
export async function startSentenceSplit(
  db: Db,
  onProgress: (done: number, total: number) => void,
  checkCancelled: () => void,
  options: SentenceStageOptions = {},
): Promise<{ done: Promise<SplitUnits> }> {
  const maxRow = (await db.value<number | null>('SELECT max(rowid) FROM stage_messages')) ?? -1;
  // Messages that DuckDB's trim() would empty are left out below, in JS (trimsToEmpty): trim() in this query was about
  // a third of its CPU, and it runs before anything else may use the connection.
  const res = await db.conn.run(`SELECT CAST(rowid AS INTEGER) AS rid, conversation_id, text FROM stage_messages
    WHERE role = 'supporter' AND text IS NOT NULL`);
  const done = splitRows(res, maxRow, onProgress, checkCancelled, options);
  // Awaited by the caller; a cancel before then must not leave it as an unhandled rejection.
  done.catch(() => {});
  return { done };
}

type Rows = Awaited<ReturnType<Db['conn']['run']>>;

async function splitRows(
  res: Rows, maxRow: number, onProgress: (done: number, total: number) => void, checkCancelled: () => void, options: SentenceStageOptions,
): Promise<SplitUnits> {
  const threshold = options.slowForWorkers ?? SLOW_FOR_WORKERS;
  const workers = Math.min(availableParallelism(), 4);
  const words = new Map<string, number>();
  const main = new SpanBuffer();
  const fromWorkers: Promise<SpanBuffer>[] = [];
  let pool: WorkerPool<SentencesWorker> | null = null;
  let slowRids: number[] = [];
  let slowTexts: string[] = [];
  const sendSlow = () => {
    pool ??= new WorkerPool<SentencesWorker>('sentences', workers);
    const size = Math.ceil(slowTexts.length / pool.size);
    for (let k = 0; k < slowTexts.length; k += size) {
      const rids = slowRids.slice(k, k + size);
      const texts = slowTexts.slice(k, k + size);
      const job = pool.call('spans', [texts]).then(({ counts, spans }) => {
        const b = new SpanBuffer();
        let s = 0;
        for (let j = 0; j < rids.length; j++) { b.addMessage(rids[j], texts[j], spans, s, counts[j]); s += 2 * counts[j]; }
        return b;
      });
      // Awaited below; a cancel before then must not leave it as an unhandled rejection.
      job.catch(() => {});
      fromWorkers.push(job);
    }
    slowRids = [];
    slowTexts = [];
  };

  const spans: number[] = [];
  /** Splits one message on this thread. */
  const splitHere = (rid: number, text: string) => {
    spans.length = 0;
    sentenceSpans(text, spans);
    main.addMessage(rid, text, spans, 0, spans.length / 2);
  };
  try {
    const every = options.progressRows ?? PROGRESS_ROWS;
    let nextReport = every;
    for (let chunk = await res.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await res.fetchChunk()) {
      const rids = chunk.getColumnValues(0) as number[];
      const ids = chunk.getColumnValues(1) as string[];
      const texts = chunk.getColumnValues(2) as string[];
      for (let i = 0; i < texts.length; i++) {
        const t = texts[i];
        if (trimsToEmpty(t)) continue;
        words.set(ids[i], (words.get(ids[i]) ?? 0) + spaceSeparatedWords(t));
        if (workers >= 2 && NEEDS_INTL.test(t)) {
          slowRids.push(rids[i]);
          slowTexts.push(t);
          if (slowTexts.length >= threshold) sendSlow();
          continue;
        }
        splitHere(rids[i], t);
      }
      const seen = rids[rids.length - 1];
      if (seen >= nextReport) {
        onProgress(seen + 1, maxRow + 1);
        nextReport = seen + every;
        checkCancelled();
      }
    }
    // Too few Intl-bound messages left to be worth a hand-over.
    for (let j = 0; j < slowTexts.length; j++) splitHere(slowRids[j], slowTexts[j]);
    const parts = [main, ...(await Promise.all(fromWorkers))];
    checkCancelled();
    return { parts, words };
  } finally {
    await (pool as WorkerPool<SentencesWorker> | null)?.terminate();
  }
}

/** Writes the split's units to the TEMP table stage_units and its word counts to stage_supporter_words; returns the units. */
export async function writeUnits(db: Db, split: SplitUnits, options: SentenceStageOptions = {}): Promise<number> {
  await db.run('DROP TABLE IF EXISTS stage_units');
  await db.run('CREATE TEMP TABLE stage_units (rid INTEGER, sentence_index INTEGER, start INTEGER, len INTEGER)');
  await db.run('DROP TABLE IF EXISTS stage_supporter_words');
  await db.run('CREATE TEMP TABLE stage_supporter_words (conversation_id VARCHAR, words BIGINT)');
  const app = await db.conn.createAppender('stage_units', 'main', 'temp');
  try {
    for (const b of split.parts) appendSpans(app, b, options.appendRows ?? 2048);
    app.flushSync();
  } finally {
    app.closeSync();
  }
  const w = await db.conn.createAppender('stage_supporter_words', 'main', 'temp');
  try {
    for (const [id, n] of split.words) { w.appendVarchar(id); w.appendBigInt(BigInt(n)); w.endRow(); }
  } finally {
    w.closeSync();
  }
  return split.parts.reduce((a, b) => a + b.length, 0);
}

/**
 * The units' text cut from the staged messages, in staged order; `?` is the import id. The ORDER BY stays (measured
 * at 10x, 2026-12-02): DuckDB builds the join on the integer units; without the sort two threads interleave chunks
 * (77,598 conversation runs instead of 29,039); with the units forced to the probe side the hash table holds the
 * messages' text and the statement costs twice the CPU of the sort.
 */
export const SENTENCES_FROM_UNITS = `
INSERT INTO sentences
SELECT m.conversation_id, CAST(m.turn AS INTEGER), u.sentence_index, substring(m.text, u.start, u.len), ?
FROM temp.main.stage_units u
  -- Units exist only for supporter messages: the join's hash table holds those, not every message's text.
  JOIN (SELECT rowid AS rid, conversation_id, turn, text FROM stage_messages WHERE role = 'supporter') m USING (rid)
ORDER BY u.rid, u.sentence_index`;

type Appender = Awaited<ReturnType<Db['conn']['createAppender']>>;

/** Four INTEGER columns copied into data chunks as typed arrays (no per-value call into DuckDB). */
function appendSpans(app: Appender, b: SpanBuffer, rows: number): void {
  const cols = b.columns();
  for (let s = 0; s < b.length; s += rows) {
    const k = Math.min(rows, b.length - s);
    const chunk = DuckDBDataChunk.create([INTEGER, INTEGER, INTEGER, INTEGER], k);
    for (let c = 0; c < 4; c++) {
      const vec = chunk.getColumnVector(c) as unknown as { items: Int32Array; flush(): void };
      vec.items.set(cols[c].subarray(s, s + k));
      vec.flush();
    }
    app.appendDataChunk(chunk);
  }
}
