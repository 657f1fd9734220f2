import type { Db } from '../db/workspace.js';
import type { ImportPreview, ImportReport, ImportRequest, TableName } from '../api/contract/index.js';
import { commitStaged, findConflict } from './commit.js';
import { ImportError } from './import-error.js';
import { importerFor } from './registry.js';
import { dropStage } from './stage.js';
import { dropAllStage } from './formats/common.js';
import type { StagedStudy } from './staged-study.js';
import type { SentenceStageOptions } from './sentence-stage.js';
import { validateStaged } from './validate.js';
import type { JobContext } from '../jobs/runner.js';
import { ident } from '../db/workspace.js';
import './formats.js';

type Ctx = Pick<JobContext, 'progress' | 'checkCancelled'>;

async function staged<T>(db: Db, req: ImportRequest, ctx: Ctx, fn: (s: StagedStudy) => Promise<T>): Promise<T> {
  const importer = importerFor(req);
  let s: StagedStudy | null = null;
  try {
    ctx.progress(0, 1, `Reading ${req.path} as ${importer.format}`);
    s = await importer.stage(db, req, (m) => { ctx.progress(0, 1, m); ctx.checkCancelled(); });
    ctx.checkCancelled();
    ctx.progress(0, 1, 'Checking');
    return await fn(s);
  } finally {
    // A staging failure can leave earlier tables' scratch copies behind: drop them all then.
    if (s) await dropStage(db, Object.values(s.tables));
    else await dropAllStage(db);
    await db.run('DROP TABLE IF EXISTS stage_units').catch(() => {});
    await db.run('DROP TABLE IF EXISTS stage_supporter_words').catch(() => {});
  }
}

/** Imports a source into the workspace, all or nothing. `split` is internal (tests shrink its batches). */
export function runImport(db: Db, req: ImportRequest, ctx: Ctx, split?: SentenceStageOptions): Promise<ImportReport> {
  return staged(db, req, ctx, async (s) => {
    await validateStaged(db, s);
    return commitStaged(db, s, req.mode ?? 'refuse', ctx, split);
  });
}

/** What an import would create, its first rows, and whether it collides with what is there; writes nothing. */
export function previewImport(db: Db, req: ImportRequest): Promise<ImportPreview> {
  const noop: Ctx = { progress: () => {}, checkCancelled: () => {} };
  return staged(db, req, noop, async (s) => {
    const warnings: string[] = [];
    try {
      await validateStaged(db, s);
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
      warnings.push(e.message);
    }
    const files = [];
    const willCreate: Partial<Record<TableName, number>> = {};
    for (const t of Object.values(s.tables)) {
      // The source columns only: rows-staged tables also carry _src and _line.
      const rows = await db.all(`SELECT ${t.columns.map(ident).join(', ')} FROM ${ident(t.stage)} ORDER BY rowid LIMIT 5`);
      files.push({ file: t.file, table: t.table, columns: t.columns, rows });
      willCreate[t.table] = await db.value<number>(`SELECT count(*) FROM ${ident(t.stage)}`);
    }
    if (s.tables.scores) willCreate.score_sets = Object.keys(s.scoreSets).length;
    const conflict = await findConflict(db, s);
    return { format: s.format as ImportPreview['format'], files, willCreate, warnings, conflict: conflict?.message ?? null };
  });
}
