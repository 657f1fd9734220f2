// Import of precomputed vectors: Parquet or CSV through DuckDB's own readers (keys + a `vector` list column or
// v0..v{d-1} columns), or a .npy matrix with a CSV key list. Every row is checked before anything is written
// (key is a sentence unit of the study, no duplicate, one dimension for all, no NaN/Inf); the vector table and
// the set's completion are written in one transaction, so a bad file leaves nothing behind.
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import type { Db } from '../db/workspace.js';
import { ident, literal } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import type { JobContext } from '../jobs/runner.js';
import type { EmbeddingEstimate, ImportEmbeddingSpec } from '../api/contract/embeddings.js';
import { createVectorTable, finishSet, vectorTable } from './store.js';
import { readNpy, readNpyHeader } from './npy.js';

const KEYS = ['conversation_id', 'turn', 'sentence_index'];
/** The staging table of one set's import (its own name, so two imports never share one). */
const stageOf = (tableNo: number) => `embedding_import_stage_${Math.trunc(tableNo)}`;

type Kind = 'csv' | 'parquet' | 'npy';

function kindOf(file: string): Kind {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.tsv') return 'csv';
  if (ext === '.parquet') return 'parquet';
  if (ext === '.npy') return 'npy';
  throw new UserError(`${file}: unknown file type "${ext}"; use .parquet, .csv or .npy`, 'import-error');
}

function mustExist(file: string): void {
  if (!existsSync(file)) throw new UserError(`File not found: ${file}`, 'import-error');
}

const reader = (kind: 'csv' | 'parquet', file: string) =>
  kind === 'csv' ? `read_csv(${literal(file)}, header = true, all_varchar = true)` : `read_parquet(${literal(file)})`;

/** Where a row is, for messages: CSV line (header is line 1), Parquet row (1-based). */
const where = (kind: Kind, file: string, row: number, column: string) =>
  kind === 'csv' || kind === 'npy' ? `${file}, line ${row + 1}, column ${column}` : `${file}, row ${row}, column ${column}`;

async function columnsOf(db: Db, source: string, file: string): Promise<string[]> {
  try {
    return (await db.all<{ column_name: string }>(`DESCRIBE SELECT * FROM ${source}`)).map((r) => r.column_name);
  } catch (e) {
    throw new UserError(`${file}: cannot be read (${String((e as Error).message).split('\n')[0].slice(0, 200)})`, 'import-error');
  }
}

/** Stages (row, c, t, s, v FLOAT[]) from a Parquet or CSV file; returns how the vector was laid out. */
async function stageTable(db: Db, stage: string, kind: 'csv' | 'parquet', file: string): Promise<{ vectorColumns: string[] | null }> {
  const source = reader(kind, file);
  const cols = await columnsOf(db, source, file);
  for (const k of KEYS) if (!cols.includes(k)) throw new UserError(`${file}: no column ${k} (found ${cols.slice(0, 12).join(', ')}${cols.length > 12 ? ', …' : ''})`, 'import-error');
  let vec: string;
  let vectorColumns: string[] | null = null;
  if (cols.includes('vector')) vec = `TRY_CAST("vector" AS FLOAT[])`;
  else {
    vectorColumns = [];
    for (let j = 0; cols.includes(`v${j}`); j++) vectorColumns.push(`v${j}`);
    if (!vectorColumns.length) throw new UserError(`${file}: no vector column (expected "vector" as a list, or v0, v1, …)`, 'import-error');
    vec = `list_value(${vectorColumns.map((c) => `TRY_CAST(${ident(c)} AS FLOAT)`).join(', ')})`;
  }
  await db.run(`DROP TABLE IF EXISTS ${stage}`);
  await db.run(`CREATE TEMP TABLE ${stage} AS SELECT row_number() OVER () AS row, CAST(conversation_id AS VARCHAR) AS c,
    CAST(turn AS VARCHAR) AS t_raw, TRY_CAST(turn AS INTEGER) AS t, CAST(sentence_index AS VARCHAR) AS s_raw, TRY_CAST(sentence_index AS INTEGER) AS s,
    ${vec} AS v FROM ${source}`);
  return { vectorColumns };
}

/** The first bad row of the stage (in file order) as a UserError, or null. */
async function firstProblem(db: Db, stage: string, kind: Kind, file: string, vectorColumns: string[] | null, checkVectors: boolean): Promise<UserError | null> {
  const fail = (row: number, column: string, what: string) => new UserError(`${where(kind, file, row, column)}: ${what}`, 'import-error');
  const key = await db.one<{ row: number; c: string | null; t: number | null; s: number | null; t_raw: string | null; s_raw: string | null }>(
    `SELECT row, c, t, s, t_raw, s_raw FROM ${stage} WHERE c IS NULL OR t IS NULL OR s IS NULL ORDER BY row LIMIT 1`);
  if (key) {
    const row = Number(key.row);
    if (key.c === null) return fail(row, 'conversation_id', 'empty');
    if (key.t === null) return fail(row, 'turn', `"${String(key.t_raw ?? '')}" is not an integer`);
    return fail(row, 'sentence_index', `"${String(key.s_raw ?? '')}" is not an integer`);
  }
  if (checkVectors) {
    const d = await db.value<number | null>(`SELECT len(v) FROM ${stage} WHERE v IS NOT NULL ORDER BY row LIMIT 1`);
    const vname = (j: number) => (vectorColumns ? vectorColumns[j - 1] : `vector[${j}]`);
    const bad = await db.one<{ row: number; n: number | null; pos: number | null }>(
      `SELECT row, len(v) AS n, list_position(list_transform(v, x -> x IS NULL OR isnan(x) OR isinf(x)), true) AS pos FROM ${stage}
       WHERE v IS NULL OR len(v) <> ? OR list_bool_or(list_transform(v, x -> x IS NULL OR isnan(x) OR isinf(x))) ORDER BY row LIMIT 1`, [d ?? 0]);
    if (d === null) return fail(1, vectorColumns ? 'v0' : 'vector', 'no readable vector');
    if (bad) {
      const row = Number(bad.row);
      if (bad.n === null) return fail(row, vectorColumns ? 'v0' : 'vector', 'not a list of numbers');
      if (Number(bad.n) !== Number(d)) return fail(row, 'vector', `${bad.n} values, but the first row has ${d}`);
      return fail(row, vname(Number(bad.pos)), 'not a finite number (NaN, Inf or empty)');
    }
  }
  const unknown = await db.one<{ row: number; c: string; t: number; s: number }>(
    `SELECT row, c, t, s FROM ${stage} x WHERE NOT EXISTS (SELECT 1 FROM sentences u WHERE u.conversation_id = x.c AND u.turn = x.t AND u.sentence_index = x.s) ORDER BY row LIMIT 1`);
  if (unknown) return fail(Number(unknown.row), 'conversation_id', `(${unknown.c}, ${unknown.t}, ${unknown.s}) is not a supporter sentence unit of this study`);
  const dup = await db.one<{ row: number; c: string; t: number; s: number }>(
    `SELECT row, c, t, s FROM (SELECT row, c, t, s, row_number() OVER (PARTITION BY c, t, s ORDER BY row) AS k FROM ${stage}) WHERE k > 1 ORDER BY row LIMIT 1`);
  if (dup) return fail(Number(dup.row), 'conversation_id', `(${dup.c}, ${dup.t}, ${dup.s}) appears a second time`);
  return null;
}

export async function estimateImport(db: Db, spec: ImportEmbeddingSpec): Promise<EmbeddingEstimate> {
  const kind = kindOf(spec.file);
  mustExist(spec.file);
  let sentences: number;
  let dimensions: number | null = null;
  if (kind === 'npy') {
    if (!spec.keys) throw new UserError(`${spec.file}: a .npy matrix needs a key list (keys: a CSV with conversation_id, turn, sentence_index)`, 'import-error');
    mustExist(spec.keys);
    const h = readNpyHeader(spec.file);
    sentences = h.rows;
    dimensions = h.cols;
  } else {
    const source = reader(kind, spec.file);
    await columnsOf(db, source, spec.file);
    sentences = Number(await db.value(`SELECT count(*) FROM ${source}`));
  }
  const units = Number(await db.value(`SELECT count(*) FROM sentences`));
  return {
    provider: 'import', model: spec.model ?? spec.file.split(/[\\/]/).pop()!, sentences, dimensions, calls: 0, cacheHits: 0, toRequest: 0,
    inputTokens: 0, cost: null, minMinutes: null,
    notes: [`${sentences} rows in the file; the study has ${units} supporter sentence units`],
  };
}

export async function runImport(db: Db, id: string, spec: ImportEmbeddingSpec, ctx: JobContext): Promise<void> {
  const kind = kindOf(spec.file);
  mustExist(spec.file);
  const tableNo = Number(await db.value(`SELECT table_no FROM embedding_sets WHERE embedding_set_id = ?`, [id]));
  ctx.progress(0, 3, `Reading ${spec.file}`);
  const stage = stageOf(tableNo);
  try {
    if (kind === 'npy') await importNpy(db, stage, id, tableNo, spec, ctx);
    else {
      const { vectorColumns } = await stageTable(db, stage, kind, spec.file);
      ctx.progress(1, 3, 'Checking rows');
      const problem = await firstProblem(db, stage, kind, spec.file, vectorColumns, true);
      if (problem) throw problem;
      ctx.checkCancelled();
      const d = Number(await db.value(`SELECT len(v) FROM ${stage} LIMIT 1`));
      const n = Number(await db.value(`SELECT count(*) FROM ${stage}`));
      ctx.progress(2, 3, 'Writing vectors');
      await db.transaction(async () => {
        const t = await createVectorTable(db, tableNo, d);
        await db.run(`INSERT INTO ${t} SELECT c, t, s, CAST(v AS FLOAT[${d}]) FROM ${stage} ORDER BY c, t, s`);
        await finishSet(db, id, d, n, `${n} vectors imported from ${spec.file.split(/[\\/]/).pop()}`, { spec, file: spec.file });
      });
    }
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${stage}`);
  }
  ctx.progress(3, 3, 'Done');
}

async function importNpy(db: Db, stage: string, id: string, tableNo: number, spec: ImportEmbeddingSpec, ctx: JobContext): Promise<void> {
  if (!spec.keys) throw new UserError(`${spec.file}: a .npy matrix needs a key list (keys: a CSV with conversation_id, turn, sentence_index)`, 'import-error');
  mustExist(spec.keys);
  const m = readNpy(spec.file);
  for (let i = 0; i < m.data.length; i++) {
    if (!Number.isFinite(m.data[i])) {
      const r = Math.floor(i / m.cols);
      throw new UserError(`${spec.file}, row ${r} (0-based), column ${i % m.cols}: not a finite number (NaN or Inf, or too large for float32)`, 'import-error');
    }
  }
  const source = reader('csv', spec.keys);
  const cols = await columnsOf(db, source, spec.keys);
  for (const k of KEYS) if (!cols.includes(k)) throw new UserError(`${spec.keys}: no column ${k}`, 'import-error');
  await db.run(`DROP TABLE IF EXISTS ${stage}`);
  await db.run(`CREATE TEMP TABLE ${stage} AS SELECT row_number() OVER () AS row, CAST(conversation_id AS VARCHAR) AS c,
    turn AS t_raw, TRY_CAST(turn AS INTEGER) AS t, sentence_index AS s_raw, TRY_CAST(sentence_index AS INTEGER) AS s FROM ${source}`);
  const n = Number(await db.value(`SELECT count(*) FROM ${stage}`));
  if (n !== m.rows) throw new UserError(`${spec.keys}: ${n} keys for the ${m.rows} rows of ${spec.file}`, 'import-error');
  ctx.progress(1, 3, 'Checking keys');
  const problem = await firstProblem(db, stage, 'csv', spec.keys, null, false);
  if (problem) throw problem;
  ctx.checkCancelled();
  const keys = await db.all<{ c: string; t: number; s: number }>(`SELECT c, t, s FROM ${stage} ORDER BY row`);
  ctx.progress(2, 3, 'Writing vectors');
  await db.transaction(async () => {
    const t = await createVectorTable(db, tableNo, m.cols);
    await db.appendVectors(vectorTable(tableNo), {
      conversationIds: keys.map((k) => k.c), turns: Int32Array.from(keys, (k) => k.t), sentenceIndex: Int32Array.from(keys, (k) => k.s),
    }, m.data, m.cols);
    void t;
    await finishSet(db, id, m.cols, n, `${n} vectors imported from ${spec.file.split(/[\\/]/).pop()}`, { spec, file: spec.file });
  });
}
