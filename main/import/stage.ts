import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { ident, literal, type Db } from '../db/workspace.js';
import { diagnoseCsv } from './csv-diagnose.js';
import { ImportError } from './import-error.js';
import type { StudyTable } from './fields.js';

/**
 * A source table loaded as text into a scratch table `stage_<table>`, before any check or cast. Scratch
 * tables are TEMP: they live in memory (spilling to DuckDB's temp folder), never in the workspace file,
 * so staging costs no disk writes and a crash leaves nothing behind.
 * `_src` names the file; `_line` is the source line when the importer knows it (JSON, parsed
 * transcripts). A CSV stage holds one file, named in `file`, and has neither column (its lines are computed only
 * when an error must be located): at 100x the two constant columns cost ~0.9 s CPU of the CSV reads.
 */
export interface StagedTable {
  table: StudyTable;
  stage: string;
  file: string;
  origin: 'csv' | 'parquet' | 'rows';
  columns: string[];
}

export const stageName = (table: string) => `stage_${table}`;

/**
 * Messages may be long (32 MiB a line), but DuckDB's reader then defaults to 16 such lines per buffer
 * (512 MiB) and allocates it for every file: 0.2-0.4 s per file, most of a small study's read time.
 */
export const CSV_BUFFERS = 'max_line_size = 33554432, buffer_size = 33554432';

export async function dropStage(db: Db, tables: Iterable<StagedTable>): Promise<void> {
  for (const t of tables) await db.run(`DROP TABLE IF EXISTS ${ident(t.stage)}`).catch(() => {});
}

/** One table's columns (duckdb_columns() would list every column of every table in the workspace first). */
async function columnsOf(db: Db, stage: string): Promise<string[]> {
  const rows = await db.all<{ name: string }>(`SELECT name FROM pragma_table_info(${literal(`temp.main.${stage}`)}) ORDER BY cid`);
  return rows.map((r) => r.name).filter((c) => c !== '_src' && c !== '_line');
}

/** Loads a CSV with DuckDB's reader; when that fails, a line-level diagnosis names the line and column. */
export async function stageCsv(db: Db, table: StudyTable, path: string, renames: Record<string, string> = {}): Promise<StagedTable> {
  const stage = stageName(table);
  const file = basename(path);
  await db.run(`DROP TABLE IF EXISTS ${ident(stage)}`);
  try {
    await db.run(
      `CREATE TEMP TABLE ${ident(stage)} AS SELECT * FROM read_csv(${literal(path)},
        header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = true,
        ${CSV_BUFFERS})`,
    );
  } catch (e) {
    const found = await diagnoseCsv(path, file).catch(() => null);
    if (found) throw found;
    throw new ImportError(`cannot read as CSV: ${firstLine((e as Error).message)}`, { file });
  }
  // DuckDB's dialect sniffer can take a ragged last record for the header: then diagnose the file.
  if ((await columnsOf(db, stage)).length !== headerFieldCount(path)) {
    const found = await diagnoseCsv(path, file).catch(() => null);
    if (found) {
      await db.run(`DROP TABLE IF EXISTS ${ident(stage)}`);
      throw found;
    }
  }
  await applyRenames(db, stage, renames);
  return { table, stage, file, origin: 'csv', columns: await columnsOf(db, stage) };
}

/** Fields on the first line of a file, split naively (a cheap plausibility check of the sniffed header). */
function headerFieldCount(path: string): number {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8').split(/\r?\n/)[0].split(',').length;
  } finally {
    closeSync(fd);
  }
}

export async function stageParquet(db: Db, table: StudyTable, path: string, renames: Record<string, string> = {}): Promise<StagedTable> {
  const stage = stageName(table);
  const file = basename(path);
  await db.run(`DROP TABLE IF EXISTS ${ident(stage)}`);
  try {
    const cols = await db.all<{ name: string }>(`SELECT name FROM parquet_schema(${literal(path)}) WHERE num_children IS NULL OR num_children = 0`);
    const select = cols.map((c) => `CAST(${ident(c.name)} AS VARCHAR) AS ${ident(c.name)}`).join(', ');
    await db.run(`CREATE TEMP TABLE ${ident(stage)} AS SELECT ${select}, ${literal(file)} AS _src, NULL::BIGINT AS _line FROM read_parquet(${literal(path)})`);
  } catch (e) {
    throw new ImportError(`cannot read as Parquet: ${firstLine((e as Error).message)}`, { file });
  }
  await applyRenames(db, stage, renames);
  return { table, stage, file, origin: 'parquet', columns: await columnsOf(db, stage) };
}

/** Loads rows an importer parsed itself (transcripts, JSON) through DuckDB's appender. */
export async function stageRows(
  db: Db,
  table: StudyTable,
  file: string,
  columns: string[],
  rows: Iterable<{ values: (string | number | null | undefined)[]; line?: number; src?: string }>,
): Promise<StagedTable> {
  const stage = stageName(table);
  await db.run(`DROP TABLE IF EXISTS ${ident(stage)}`);
  await db.run(`CREATE TEMP TABLE ${ident(stage)} (${columns.map((c) => `${ident(c)} VARCHAR`).join(', ')}, _src VARCHAR, _line BIGINT)`);
  const app = await db.conn.createAppender(stage, 'main', 'temp');
  for (const r of rows) {
    for (let i = 0; i < columns.length; i++) {
      const v = r.values[i];
      if (v === null || v === undefined) app.appendNull();
      else app.appendVarchar(String(v));
    }
    app.appendVarchar(r.src ?? file);
    if (r.line == null) app.appendNull(); else app.appendBigInt(BigInt(r.line));
    app.endRow();
  }
  app.closeSync();
  return { table, stage, file, origin: 'rows', columns };
}

async function applyRenames(db: Db, stage: string, renames: Record<string, string>): Promise<void> {
  for (const [from, to] of Object.entries(renames)) {
    if (from === to) continue;
    await db.run(`ALTER TABLE ${ident(stage)} RENAME COLUMN ${ident(from)} TO ${ident(to)}`);
  }
}

/**
 * Source location of the staged row with the given rowid. CSV lines are recovered by counting the
 * line breaks inside quoted fields of all earlier records, so multi-line messages are accounted for.
 */
export async function locate(db: Db, t: StagedTable, rowid: number): Promise<{ file: string; line?: number; row?: number }> {
  if (t.origin === 'parquet') return { file: t.file, row: rowid + 1 };
  if (t.origin === 'rows') {
    const at = await db.one<{ line: number | null; src: string | null }>(`SELECT _line AS line, _src AS src FROM ${ident(t.stage)} WHERE rowid = ?`, [rowid]);
    const file = at?.src ?? t.file;
    return at?.line == null ? { file, row: rowid + 1 } : { file, line: at.line };
  }
  const breaks = t.columns.map((c) => `coalesce(length(${ident(c)}) - length(replace(${ident(c)}, chr(10), '')), 0)`).join(' + ');
  const extra = await db.value<number>(`SELECT coalesce(sum(${breaks || '0'}), 0) FROM ${ident(t.stage)} WHERE rowid < ?`, [rowid]);
  return { file: t.file, line: 2 + rowid + Number(extra) };
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}
