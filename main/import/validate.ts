import { ident, type Db } from '../db/workspace.js';
import { DIMENSIONS } from '../domain/study.js';
import { REQUIRED_TABLES, SQL_TYPE, STUDY_TABLES, type StudyTable } from './fields.js';
import { ImportError } from './import-error.js';
import { locate, type StagedTable } from './stage.js';
import type { StagedStudy } from './staged-study.js';

const ROLES = ['seeker', 'supporter'];

/** Checks a staged study; throws an ImportError naming file, line and column of the first problem. */
export async function validateStaged(db: Db, s: StagedStudy): Promise<void> {
  for (const t of REQUIRED_TABLES) {
    if (!s.tables[t]) throw new ImportError(`the study has no ${t} table (${t}.csv or ${t}.parquet is required)`, { file: s.source });
  }
  for (const [name, t] of Object.entries(s.tables) as [StudyTable, StagedTable][]) {
    await checkColumnsAndTypes(db, name, t);
  }
  const conv = s.tables.conversations!;
  await unique(db, conv, ['conversation_id'], 'duplicate conversation_id');
  if (s.tables.participants) {
    await unique(db, s.tables.participants, ['participant_id'], 'duplicate participant_id');
    await exists(db, conv, 'participant_id', s.tables.participants, 'participant_id', 'participant not in participants table');
  }
  const msg = s.tables.messages!;
  await firstBad(db, msg, 'role', `role NOT IN (${ROLES.map((r) => `'${r}'`).join(', ')})`, (v) => `unknown role "${v}" (expected seeker or supporter)`);
  await unique(db, msg, ['conversation_id', 'turn'], 'duplicate turn within a conversation');
  await exists(db, msg, 'conversation_id', conv, 'conversation_id', 'conversation not in conversations table');
  for (const t of ['scores', 'self_reports', 'sentence_labels'] as const) {
    if (s.tables[t]) await exists(db, s.tables[t]!, 'conversation_id', conv, 'conversation_id', 'conversation not in conversations table');
  }
  if (s.tables.scores) await checkScores(db, s);
  if (s.tables.pairwise) {
    const p = s.tables.pairwise;
    await firstBad(db, p, 'judge_kind', `judge_kind NOT IN ('human', 'llm')`, (v) => `judge_kind "${v}" must be human or llm`);
    await firstBad(db, p, 'choice', `lower(choice) NOT IN ('a', 'b')`, (v) => `choice "${v}" must be a or b`);
    await exists(db, p, 'conversation_a', conv, 'conversation_id', 'conversation not in conversations table');
    await exists(db, p, 'conversation_b', conv, 'conversation_id', 'conversation not in conversations table');
  }
  if (s.tables.taxonomy) await unique(db, s.tables.taxonomy, ['category'], 'duplicate category');
}

/**
 * Required values and types of every column, in one scan of the staged table: the first failing check in
 * column order is reported at its first row, as separate queries per check would report it.
 */
async function checkColumnsAndTypes(db: Db, name: StudyTable, t: StagedTable): Promise<void> {
  const checks: Check[] = [];
  let missing: ImportError | null = null;
  for (const f of STUDY_TABLES[name]) {
    const present = t.columns.includes(f.name);
    if (!present) {
      if (!f.required) continue;
      missing = new ImportError(`missing required column "${f.name}" (columns found: ${t.columns.join(', ')})`, { file: t.file });
      break;
    }
    if (f.required && !('emptySkipped' in f)) {
      checks.push({ column: f.name, where: `${ident(f.name)} IS NULL OR trim(${ident(f.name)}) = ''`, message: () => `required value is empty` });
    }
    if (f.type !== 'string') {
      const sqlType = SQL_TYPE[f.type];
      checks.push({
        column: f.name,
        where: `${ident(f.name)} IS NOT NULL AND trim(${ident(f.name)}) <> '' AND TRY_CAST(trim(${ident(f.name)}) AS ${sqlType}) IS NULL`,
        message: (v) => `"${v}" is not ${f.type === 'integer' ? 'an integer' : f.type === 'number' ? 'a number' : 'a timestamp'}`,
      });
    }
  }
  await firstFailing(db, t, checks);
  if (missing) throw missing;
}

interface Check { column: string; where: string; message: (value: unknown) => string }

async function firstFailing(db: Db, t: StagedTable, checks: Check[]): Promise<void> {
  if (!checks.length) return;
  const firsts = await db.one<Record<string, number | null>>(
    `SELECT ${checks.map((c, i) => `min(rowid) FILTER (WHERE ${c.where}) AS b${i}`).join(', ')} FROM ${ident(t.stage)}`);
  const i = checks.findIndex((_, k) => firsts?.[`b${k}`] != null);
  if (i < 0) return;
  const c = checks[i];
  const rid = Number(firsts![`b${i}`]);
  const v = await db.value(`SELECT ${ident(c.column)} FROM ${ident(t.stage)} WHERE rowid = ?`, [rid]);
  throw new ImportError(c.message(v), { ...(await locate(db, t, rid)), column: c.column });
}

async function checkScores(db: Db, s: StagedStudy): Promise<void> {
  const t = s.tables.scores!;
  const raters = await db.all<{ rater: string }>(`SELECT DISTINCT rater FROM ${ident(t.stage)}`);
  for (const { rater } of raters) {
    const spec = s.scoreSets[rater] ?? { scaleMin: 1, scaleMax: 5 };
    const dims = spec.dimensions ?? [...DIMENSIONS];
    const where = `rater = ${quote(rater)} AND `;
    await firstBad(db, t, 'dimension', `${where} dimension NOT IN (${dims.map(quote).join(', ')})`,
      (v) => `unknown dimension "${v}" (expected one of ${dims.join(', ')})`);
    await firstBad(db, t, 'score',
      `${where} trim(score) <> '' AND (TRY_CAST(score AS DOUBLE) < ${spec.scaleMin} OR TRY_CAST(score AS DOUBLE) > ${spec.scaleMax} OR isnan(TRY_CAST(score AS DOUBLE)))`,
      (v) => `score ${v} is outside the scale ${spec.scaleMin}-${spec.scaleMax}`);
  }
  await unique(db, t, ['rater', 'conversation_id', 'dimension'], 'duplicate score for the same rater, conversation and dimension');
}

function quote(s: string): string {
  return "'" + s.replaceAll("'", "''") + "'";
}

async function firstBad(db: Db, t: StagedTable, column: string, where: string, message: (value: unknown) => string): Promise<void> {
  const row = await db.one<{ rid: number; v: unknown }>(
    `SELECT rowid AS rid, ${ident(column)} AS v FROM ${ident(t.stage)} WHERE ${where} ORDER BY rowid LIMIT 1`,
  );
  if (row) throw new ImportError(message(row.v), { ...(await locate(db, t, row.rid)), column });
}

async function unique(db: Db, t: StagedTable, cols: string[], message: string): Promise<void> {
  const key = cols.map(ident).join(', ');
  // First grouped by one 64-bit hash of the key, a third of the CPU of grouping by the text columns (measured at 10x:
  // messages 83-92 vs 153-209 ms, scores 30-42 vs 127-215 ms): equal keys hash equally, so when no hash repeats no
  // key does. Only a repeat (a duplicate, or rarely a collision) pays for the exact grouping below, which names it.
  const repeats = await db.value<number>(
    `SELECT count(*) FROM (SELECT 1 FROM ${ident(t.stage)} GROUP BY hash(${key}) HAVING count(*) > 1 LIMIT 1)`);
  if (!Number(repeats)) return;
  const row = await db.one<{ rid: number; first: number }>(
    `SELECT max(rowid) AS rid, min(rowid) AS first FROM ${ident(t.stage)} GROUP BY ${key} HAVING count(*) > 1 ORDER BY rid LIMIT 1`,
  );
  if (!row) return;
  const firstAt = await locate(db, t, row.first);
  const where = firstAt.line != null ? `line ${firstAt.line}` : `row ${firstAt.row}`;
  throw new ImportError(`${message} (first seen at ${where})`, { ...(await locate(db, t, row.rid)), column: cols[cols.length - 1] });
}

/** The first staged taxonomy category the workspace already holds (from another import), as an ImportError at its line. */
export async function taxonomyNotStored(db: Db, t: StagedTable): Promise<void> {
  const row = await db.one<{ rid: number; v: string; imp: string | null }>(
    `SELECT s.rowid AS rid, s.category AS v, x.import_id AS imp FROM ${ident(t.stage)} s JOIN taxonomy x ON x.category = s.category
     ORDER BY s.rowid LIMIT 1`,
  );
  if (row) {
    throw new ImportError(
      `taxonomy category "${row.v}" is already in the workspace${row.imp ? ` (import ${row.imp})` : ''}; categories are shared by every import, so rename it, leave it out, or replace that import`,
      { ...(await locate(db, t, row.rid)), column: 'category' },
    );
  }
}

async function exists(db: Db, t: StagedTable, column: string, target: StagedTable, targetColumn: string, message: string): Promise<void> {
  const row = await db.one<{ rid: number; v: string }>(
    `SELECT s.rowid AS rid, s.${ident(column)} AS v FROM ${ident(t.stage)} s
     WHERE s.${ident(column)} IS NOT NULL AND s.${ident(column)} <> ''
       AND NOT EXISTS (SELECT 1 FROM ${ident(target.stage)} x WHERE x.${ident(targetColumn)} = s.${ident(column)})
     ORDER BY s.rowid LIMIT 1`,
  );
  if (row) throw new ImportError(`${message}: "${row.v}"`, { ...(await locate(db, t, row.rid)), column });
}
