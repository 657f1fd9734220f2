import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ident, literal, type Db } from '../db/workspace.js';
import { HAS_EXTRA, STUDY_TABLES, STUDY_TABLE_NAMES, type StudyTable } from '../import/fields.js';

export interface ExportResult { dir: string; files: { file: string; rows: number }[] }

/**
 * Writes the workspace as a study folder that imports back without a mapping: known columns first,
 * keys of the JSON `extra` column expanded back into columns, score sets as the `rater` column.
 */
export async function exportStudyFolder(db: Db, dir: string, format: 'csv' | 'parquet' = 'csv'): Promise<ExportResult> {
  mkdirSync(dir, { recursive: true });
  const files: ExportResult['files'] = [];
  for (const table of STUDY_TABLE_NAMES) {
    const n = await db.value<number>(`SELECT count(*) FROM ${table}`);
    if (!n) continue;
    const select = await selectFor(db, table);
    const file = `${table}.${format}`;
    const target = join(dir, file);
    const opts = format === 'csv' ? `(FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', ESCAPE '"')` : `(FORMAT parquet)`;
    await db.run(`COPY (${select}) TO ${literal(target)} ${opts}`);
    files.push({ file, rows: n });
  }
  const meta = Object.fromEntries(
    (await db.all<{ key: string; value: string }>(`SELECT key, CAST(value AS VARCHAR) AS value FROM study_meta WHERE key NOT IN ('demo_complete')`))
      .map((r) => [r.key, JSON.parse(r.value)]),
  );
  writeFileSync(join(dir, 'study.json'), JSON.stringify(meta, null, 2) + '\n');
  return { dir, files };
}

async function selectFor(db: Db, table: StudyTable): Promise<string> {
  const cols: string[] = STUDY_TABLES[table].map((f) => {
    if (table === 'scores' && f.name === 'rater') return 'score_set_id AS rater';
    if (f.name === 'sent_at') return `strftime(sent_at, '%Y-%m-%dT%H:%M:%S') AS sent_at`;
    return ident(f.name);
  });
  const extra = HAS_EXTRA[table];
  if (extra) {
    const keys = await db.all<{ k: string }>(`SELECT DISTINCT unnest(json_keys(${extra})) AS k FROM ${table} WHERE ${extra} IS NOT NULL ORDER BY 1`);
    for (const { k } of keys) cols.push(`json_extract_string(${extra}, ${literal('$.' + JSON.stringify(k))}) AS ${ident(k)}`);
  }
  const order = table === 'messages' ? 'ORDER BY conversation_id, turn' : table === 'pairwise' ? 'ORDER BY judge_id, trial' : '';
  return `SELECT ${cols.join(', ')} FROM ${table} ${order}`;
}
