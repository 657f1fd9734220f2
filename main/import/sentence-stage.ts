import type { Db } from '../db/workspace.js';
import { splitSentences } from '../text/sentences.js';

/**
 * Splits every non-empty supporter message of stage_messages into sentence units (methods §8) and
 * appends them to stage_sentences, streaming so that millions of messages never sit in memory at once.
 */
const BATCH = 100_000;

export async function stageSentences(
  db: Db,
  onProgress: (done: number, total: number) => void,
  checkCancelled: () => void,
): Promise<number> {
  await db.run('DROP TABLE IF EXISTS stage_sentences');
  await db.run('CREATE TABLE stage_sentences (conversation_id VARCHAR, turn INTEGER, sentence_index INTEGER, text VARCHAR)');
  const total = await db.value<number>(`SELECT count(*) FROM stage_messages WHERE role = 'supporter' AND text IS NOT NULL AND trim(text) <> ''`);
  const maxRow = (await db.value<number | null>('SELECT max(rowid) FROM stage_messages')) ?? -1;
  const app = await db.conn.createAppender('stage_sentences');
  let done = 0;
  let units = 0;
  try {
  // Batches by rowid range keep memory flat; the appender must not interleave with an open stream on one connection.
  for (let from = 0; from <= maxRow; from += BATCH) {
    const reader = await db.conn.runAndReadAll(
      `SELECT conversation_id, CAST(turn AS INTEGER) AS turn, text FROM stage_messages
       WHERE rowid >= ? AND rowid < ? AND role = 'supporter' AND text IS NOT NULL AND trim(text) <> '' ORDER BY rowid`,
      [from, from + BATCH],
    );
    const cols = reader.getColumns();
    const ids = cols[0] as string[];
    const turns = cols[1] as number[];
    const texts = cols[2] as string[];
    for (let i = 0; i < ids.length; i++) {
      const parts = splitSentences(texts[i]);
      for (let k = 0; k < parts.length; k++) {
        app.appendVarchar(ids[i]);
        app.appendInteger(turns[i]);
        app.appendInteger(k);
        app.appendVarchar(parts[k]);
        app.endRow();
      }
      units += parts.length;
    }
    done += ids.length;
    onProgress(done, total);
    checkCancelled();
  }
  } finally {
    app.closeSync();
  }
  return units;
}
