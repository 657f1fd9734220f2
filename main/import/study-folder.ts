import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/workspace.js';
import { STUDY_TABLE_NAMES, type StudyTable } from './fields.js';
import { fingerprintFiles } from './fingerprint.js';
import { ImportError } from './import-error.js';
import { stageCsv, stageParquet, type StagedTable } from './stage.js';
import type { StagedStudy } from './staged-study.js';

/** The study-folder tables present in a directory, as paths, CSV or Parquet. */
export function studyFolderFiles(dir: string): Partial<Record<StudyTable, string>> {
  const names = new Set(readdirSync(dir));
  const out: Partial<Record<StudyTable, string>> = {};
  for (const t of STUDY_TABLE_NAMES) {
    const csv = `${t}.csv`;
    const pq = `${t}.parquet`;
    if (names.has(csv) && names.has(pq)) throw new ImportError(`both ${csv} and ${pq} exist; keep one`, { file: dir });
    if (names.has(csv)) out[t] = join(dir, csv);
    else if (names.has(pq)) out[t] = join(dir, pq);
  }
  return out;
}

export function isStudyFolder(dir: string): boolean {
  const f = studyFolderFiles(dir);
  return !!(f.conversations && f.messages);
}

/** Stages a study folder (../shared/docs/data-format.md) with DuckDB's own readers. */
export async function stageStudyFolder(db: Db, dir: string, onTable?: (t: StudyTable) => void): Promise<StagedStudy> {
  const files = studyFolderFiles(dir);
  const tables: Partial<Record<StudyTable, StagedTable>> = {};
  for (const [t, path] of Object.entries(files) as [StudyTable, string][]) {
    onTable?.(t);
    tables[t] = path.endsWith('.parquet') ? await stageParquet(db, t, path) : await stageCsv(db, t, path);
  }
  const meta: Record<string, unknown> = {};
  const metaPath = join(dir, 'study.json');
  if (existsSync(metaPath)) {
    try {
      const m = JSON.parse(readFileSync(metaPath, 'utf8'));
      Object.assign(meta, m);
    } catch (e) {
      throw new ImportError(`not valid JSON: ${(e as Error).message}`, { file: 'study.json' });
    }
  }
  meta.source = dir;
  if (!meta.name) meta.name = dir.split(/[\\/]/).filter(Boolean).pop();
  const scoreSets: StagedStudy['scoreSets'] = {};
  if (tables.scores && tables.scores.columns.includes('rater')) {
    for (const { rater } of await db.all<{ rater: string }>(`SELECT DISTINCT rater FROM stage_scores WHERE rater IS NOT NULL ORDER BY rater`)) {
      scoreSets[rater] = { kind: 'imported', scaleMin: 1, scaleMax: 5 };
    }
  }
  return {
    format: 'study', source: dir, fingerprint: await fingerprintFiles(Object.values(files) as string[]),
    tables, scoreSets, meta, skipped: [],
  };
}
