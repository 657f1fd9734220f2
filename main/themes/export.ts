// A trained model's per-sentence top-2 as CSV: one row per sentence unit, keyed as in docs/data-format.md.
import { writeFileSync } from 'node:fs';
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { toCsv } from '../export/csv.js';

export const EXPORT_COLUMNS = ['conversation_id', 'turn', 'sentence_index', 'text', 'top1', 'top2', 'activation1', 'activation2'] as const;

/** Writes the CSV; returns the number of sentence units. top1/top2 are latent numbers (the labelling's L<n>). */
export async function exportActivations(db: Db, modelId: string, file: string): Promise<number> {
  const state = await db.value<string | null>(`SELECT state FROM theme_models WHERE model_id = ?`, [modelId]);
  if (state === null) throw new UserError(`No theme model ${modelId}`, 'not-found');
  if (state !== 'done') throw new UserError(`Theme model ${modelId} is not trained yet (${state})`, 'bad-request');
  const rows = await db.all(`SELECT a.conversation_id, a.turn, a.sentence_index, any_value(s.text) AS text,
      max(CASE WHEN a.rank = 1 THEN a.latent END) AS top1, max(CASE WHEN a.rank = 2 THEN a.latent END) AS top2,
      max(CASE WHEN a.rank = 1 THEN CAST(a.activation AS DOUBLE) END) AS activation1,
      max(CASE WHEN a.rank = 2 THEN CAST(a.activation AS DOUBLE) END) AS activation2
    FROM theme_activations a
    LEFT JOIN sentences s ON s.conversation_id = a.conversation_id AND s.turn = a.turn AND s.sentence_index = a.sentence_index
    WHERE a.model_id = ? GROUP BY a.conversation_id, a.turn, a.sentence_index ORDER BY 1, 2, 3`, [modelId]);
  writeFileSync(file, toCsv(EXPORT_COLUMNS, rows));
  return rows.length;
}
