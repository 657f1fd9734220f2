// A stored projection's points as CSV (the CLI's `project export`), through the one CSV writer.
import type { Db } from '../db/workspace.js';
import { toCsv } from '../export/csv.js';
import { requireDone } from './store.js';

const HEADER = ['conversation_id', 'turn', 'sentence_index', 'x', 'y'];

export async function exportProjectionCsv(db: Db, projectionId: string): Promise<{ csv: string; rows: number }> {
  await requireDone(db, projectionId);
  const rows = await db.all(`SELECT conversation_id, turn, sentence_index, x::DOUBLE AS x, y::DOUBLE AS y FROM projection_points
    WHERE projection_id = ? ORDER BY point_index`, [projectionId]);
  return { csv: toCsv(HEADER, rows), rows: rows.length };
}
