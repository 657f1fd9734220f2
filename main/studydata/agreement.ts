// Rater agreement: the scores of several score sets on each dimension, aligned by conversation.

import type { Db } from '../db/workspace.js';
import { columns, CONVERSATION_CODES } from './common.js';

export interface AlignedScores {
  /** Conversation codes (common.ts) of the aligned positions. */
  conversations: number[];
  /** One vector per score set, aligned with `conversations` (NaN = that set has no score for it). */
  bySet: Record<string, Float64Array>;
}

/** Scores of the given sets on each dimension, over the conversations any of them scored (conversation order). */
export async function loadAlignedScores(db: Db, setIds: string[], dimensions: string[]): Promise<Record<string, AlignedScores>> {
  const data = await columns<{ conversation: number[]; dimension: number[]; set: number[]; score: number[] }>(
    db,
    `SELECT cc.code AS conversation, CAST(list_position($2::VARCHAR[], s.dimension) - 1 AS INTEGER) AS dimension,
       CAST(list_position($1::VARCHAR[], s.score_set_id) - 1 AS INTEGER) AS set, avg(s.score) AS score
     FROM scores s JOIN ${CONVERSATION_CODES} cc USING (conversation_id)
     WHERE list_contains($1::VARCHAR[], s.score_set_id) AND list_contains($2::VARCHAR[], s.dimension) AND s.score IS NOT NULL
     GROUP BY ALL ORDER BY 1, 2, 3`,
    [setIds, dimensions],
  );
  const out: Record<string, AlignedScores> = {};
  dimensions.forEach((d, di) => {
    const index = new Map<number, number>();
    for (let i = 0; i < data.length; i++) if (data.dimension[i] === di && !index.has(data.conversation[i])) index.set(data.conversation[i], index.size);
    const bySet: Record<string, Float64Array> = {};
    for (const s of setIds) bySet[s] = new Float64Array(index.size).fill(NaN);
    for (let i = 0; i < data.length; i++) {
      if (data.dimension[i] !== di) continue;
      bySet[setIds[data.set[i]]][index.get(data.conversation[i])!] = data.score[i];
    }
    out[d] = { conversations: [...index.keys()], bySet };
  });
  return out;
}
