// Shared helpers of the study-data queries: columnar reads, score-set resolution, the study's conditions.
// Every query takes parameters; the only identifiers ever spliced into SQL are constants of this folder.

import { DOUBLE, INTEGER, LIST, listValue, VARCHAR, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import type { Db } from '../db/workspace.js';
import { CONDITIONS, DIMENSIONS, PRESCRIPTIVE, PROSCRIPTIVE } from '../domain/study.js';
import { UserError } from '../domain/errors.js';
import { scoreSetDimensions } from './score-summary.js';
import { freshConversationCodes, freshParticipantCodes } from './codes.js';

type Param = string | number | boolean | null | string[] | number[];

/**
 * Query parameters: JavaScript arrays become typed DuckDB lists (VARCHAR[], INTEGER[] or DOUBLE[]; an empty list is
 * typed VARCHAR[], which the queries' explicit casts accept), since untyped empty lists cannot be bound.
 */
export function params(values: Param[]): { values: DuckDBValue[]; types: (DuckDBType | undefined)[] } {
  const types = values.map((v): DuckDBType | undefined => {
    if (!Array.isArray(v)) return undefined;
    if (v.length === 0 || typeof v[0] === 'string') return LIST(VARCHAR);
    return LIST((v as number[]).every((x) => Number.isInteger(x) && Math.abs(x) < 2 ** 31) ? INTEGER : DOUBLE);
  });
  return { values: values.map((v) => (Array.isArray(v) ? listValue(v) : v)), types };
}

/**
 * Copies one result vector into `out` from `at`. Fixed-width numeric vectors (INTEGER, DOUBLE, ...) are read straight
 * from their typed-array storage with the validity bitmap decoded per 64-row word; that avoids the per-value accessor
 * of @duckdb/node-api, which dominates large reads. Other vectors (strings, BIGINT, lists) go through getItem().
 */
function readVector(vector: unknown, out: { [i: number]: unknown }, at: number): void {
  const v = vector as { items?: unknown; validity?: { data?: BigUint64Array | null; offset?: number }; itemCount: number; getItem(i: number): unknown };
  const n = v.itemCount;
  const items = v.items;
  const numeric = items instanceof Int32Array || items instanceof Float64Array || items instanceof Int16Array || items instanceof Int8Array
    || items instanceof Uint8Array || items instanceof Uint16Array || items instanceof Uint32Array || items instanceof Float32Array;
  if (numeric && (items as ArrayLike<number>).length === n && (v.validity?.offset ?? 0) === 0) {
    const xs = items as ArrayLike<number>;
    const mask = v.validity?.data ?? null;
    if (ArrayBuffer.isView(out) && !(out instanceof DataView)) {
      copyTyped(xs as Float64Array, mask, out as Float64Array, at);
      return;
    }
    if (!mask) {
      for (let i = 0; i < n; i++) out[at + i] = xs[i];
      return;
    }
    for (let w = 0; w * 64 < n; w++) {
      const word = mask[w];
      const lo = Number(word & 0xffffffffn);
      const hi = Number(word >> 32n);
      const end = Math.min(64, n - w * 64);
      for (let b = 0; b < end; b++) {
        const i = w * 64 + b;
        const valid = b < 32 ? (lo >>> b) & 1 : (hi >>> (b - 32)) & 1;
        out[at + i] = valid ? xs[i] : null;
      }
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const x = v.getItem(i);
    out[at + i] = typeof x === 'bigint' ? Number(x) : x !== null && typeof x === 'object' ? String(x) : x;
  }
}

/**
 * A numeric vector into a typed array (typedColumns'): one copy of the block, then a NULL written as it is into a typed
 * array (0) where the validity mask has a 0 bit. An entry at a time cost ~180 ms of the 100x preference read.
 */
function copyTyped(xs: Float64Array, mask: BigUint64Array | null, out: Float64Array, at: number): void {
  const n = xs.length;
  out.set(xs, at);
  if (!mask) return;
  for (let w = 0; w * 64 < n; w++) {
    if (mask[w] === 0xffffffffffffffffn) continue;
    const end = Math.min(64, n - w * 64);
    for (let b = 0; b < end; b++) if (((mask[w] >> BigInt(b)) & 1n) === 0n) out[at + w * 64 + b] = 0;
  }
}

/**
 * Streams a query's result into one part per chunk and column (`part(column, rows)` makes the column's part), read by
 * readVector, and returns the column names, the parts and the row count. Streamed, not materialised (Db.streamed).
 */
async function readParts<P extends { [i: number]: unknown }>(
  db: Db, sql: string, values: Param[], part: (name: string, rows: number) => P,
): Promise<{ names: string[]; parts: P[][]; length: number }> {
  const p = params(values);
  return db.streamed(sql, p.values, p.types, async (result) => {
    const names = result.columnNames();
    const parts: P[][] = names.map(() => []);
    let length = 0;
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      for (let j = 0; j < names.length; j++) {
        const out = part(names[j], chunk.rowCount);
        readVector(chunk.getColumnVector(j), out, 0);
        parts[j].push(out);
      }
      length += chunk.rowCount;
    }
    return { names, parts, length };
  });
}

/** Runs a query and returns its columns as plain arrays (BIGINT as number); much faster than row objects for large reads. */
export async function columns<T extends object>(db: Db, sql: string, values: Param[] = []): Promise<Omit<T, 'length'> & { length: number }> {
  const { names, parts, length } = await readParts(db, sql, values, (_, rows) => new Array<unknown>(rows));
  const out: Record<string, unknown[]> = {};
  names.forEach((name, j) => (out[name] = parts[j].length === 1 ? parts[j][0] : parts[j].flat()));
  return Object.assign(out, { length }) as unknown as Omit<T, 'length'> & { length: number };
}

type TypedColumn = Int32ArrayConstructor | Float64ArrayConstructor;

/**
 * columns() into typed arrays, one per result column in `kinds` (named as the query's columns), for reads that go
 * to a worker: no JS number arrays on the way. The query must not return NULLs in them (they would read as 0).
 */
export async function typedColumns<T extends Record<string, TypedColumn>>(
  db: Db, sql: string, values: Param[], kinds: T,
): Promise<{ [K in keyof T]: InstanceType<T[K]> } & { length: number }> {
  const kindOf = (name: string) => {
    const Kind = kinds[name];
    if (!Kind) throw new Error(`typedColumns: no kind for column ${name}`);
    return Kind;
  };
  const { names, parts, length } = await readParts(db, sql, values, (name, rows) => new (kindOf(name))(rows));
  const out: Record<string, Int32Array | Float64Array> = {};
  names.forEach((name, j) => {
    // One chunk (2,048 rows or fewer) is its own column; more are copied into one.
    if (parts[j].length === 1) return void (out[name] = parts[j][0]);
    const whole = new (kindOf(name))(length);
    let at = 0;
    for (const q of parts[j]) {
      whole.set(q as Int32Array & Float64Array, at);
      at += q.length;
    }
    out[name] = whole;
  });
  return Object.assign(out, { length }) as { [K in keyof T]: InstanceType<T[K]> } & { length: number };
}

export interface ScoreSetRef { id: string; rater: string; kind: string; dimensions: string[] }

/** All score sets in creation order with their dimensions. */
export async function scoreSets(db: Db): Promise<ScoreSetRef[]> {
  return db.all<ScoreSetRef>(`
    SELECT s.score_set_id AS id, s.rater, s.kind,
      coalesce((SELECT list(DISTINCT dimension ORDER BY dimension) FROM scores x WHERE x.score_set_id = s.score_set_id), []) AS dimensions
    FROM score_sets s ORDER BY s.created_at, s.score_set_id`);
}

/** A score set by id, or by rater name when no id matches; the first score set when none is named. */
export async function resolveScoreSet(db: Db, idOrRater?: string | null): Promise<ScoreSetRef> {
  const sets = (await db.all<Omit<ScoreSetRef, 'dimensions'>>(`SELECT score_set_id AS id, rater, kind FROM score_sets ORDER BY created_at, score_set_id`))
    .map((s) => ({ ...s, dimensions: [] as string[] }));
  const pick = pickScoreSet(sets, idOrRater);
  // Dimensions of the chosen set only, from the score-set summary rather than a scan of the scores.
  pick.dimensions = await scoreSetDimensions(db, pick.id);
  return pick;
}

function pickScoreSet(sets: ScoreSetRef[], idOrRater?: string | null): ScoreSetRef {
  if (sets.length === 0) throw new UserError('This study has no score sets; import scores or run the LLM judge first', 'missing-table');
  if (!idOrRater) return sets[0];
  const byId = sets.find((s) => s.id === idOrRater);
  if (byId) return byId;
  const byRater = sets.filter((s) => s.rater === idOrRater);
  if (byRater.length === 1) return byRater[0];
  if (byRater.length > 1) throw new UserError(`Rater "${idOrRater}" has ${byRater.length} score sets (${byRater.map((s) => s.id).join(', ')}); name one by id`, 'ambiguous');
  throw new UserError(`No score set or rater "${idOrRater}" (have ${sets.map((s) => s.id).join(', ')})`, 'not-found');
}

/** Conditions present in the study: the Lend an Ear order (control, video, coach, combined) first, then others sorted. */
export async function studyConditions(db: Db): Promise<string[]> {
  const rows = await db.all<{ c: string }>(`SELECT DISTINCT condition AS c FROM participants WHERE condition IS NOT NULL`);
  return orderConditions(rows.map((r) => r.c));
}

export function orderConditions(labels: Iterable<string>): string[] {
  const known = CONDITIONS as readonly string[];
  return [...new Set(labels)].sort((a, b) => {
    const ia = known.indexOf(a);
    const ib = known.indexOf(b);
    if (ia >= 0 && ib >= 0) return ia - ib;
    if (ia >= 0) return -1;
    if (ib >= 0) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

/** Dimensions in the paper's order (prescriptive, proscriptive), then any others by name. */
export function orderDimensions(dims: Iterable<string>): string[] {
  const known = DIMENSIONS as readonly string[];
  return [...new Set(dims)].sort((a, b) => {
    const ia = known.indexOf(a);
    const ib = known.indexOf(b);
    if (ia >= 0 && ib >= 0) return ia - ib;
    if (ia >= 0) return -1;
    if (ib >= 0) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

export async function studyName(db: Db): Promise<{ name: string; simulated: boolean }> {
  const rows = await db.all<{ key: string; value: string }>(`SELECT key, CAST(value AS VARCHAR) AS value FROM study_meta WHERE key IN ('name', 'simulated')`);
  const meta = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value)]));
  return { name: String(meta.name ?? 'Untitled study'), simulated: meta.simulated === true };
}

export async function tableCount(db: Db, table: 'participants' | 'self_reports' | 'pairwise' | 'taxonomy' | 'sentence_labels' | 'scores'): Promise<number> {
  return Number(await db.value(`SELECT count(*) FROM ${table}`));
}

export async function requireTable(db: Db, table: Parameters<typeof tableCount>[1], neededFor: string): Promise<void> {
  if ((await tableCount(db, table)) === 0) throw new UserError(`${neededFor} needs the ${table} table, which this study does not have`, 'missing-table');
}

/**
 * Dense integer codes for identifiers, so large reads move numbers rather than strings (string columns cost far more
 * to bring into JavaScript). Codes follow the identifier's sort order and are stored once per data stamp (codes.ts);
 * `conversationIds` / `participantIds` decode.
 */
export { CONVERSATION_CODES, PARTICIPANT_CODES } from './codes.js';

/**
 * Integer codes as one query parameter, a comma-separated string, and the SQL that reads them back from parameter $n
 * (codesOfParam): binding a list makes a DuckDB value per element (≈ 170 ms for the 50,000 decile codes of an Elo at
 * 100x, 26 ms for preference's 100,000 trial conversations), one string is one value. No codes: "-1", which no code is.
 */
export const codesParam = (codes: ArrayLike<number>): string => (codes.length ? Array.from(codes, Math.trunc).join(',') : '-1');
export const codesOfParam = (n: number): string => `(SELECT CAST(unnest(string_split($${n}, ',')) AS INTEGER))`;

/**
 * Identifiers of the given codes (all when codes is null, in code order; chosen ones in no particular order, since
 * callers look them up), from one stored code table.
 */
async function idsOfCodes(db: Db, table: 'conversation_codes' | 'participant_codes', idColumn: string, stamp: string, codes: number[] | null): Promise<Map<number, string>> {
  const c = await columns<{ code: number[]; id: string[] }>(
    db,
    codes === null
      ? `SELECT code, ${idColumn} AS id FROM ${table} WHERE built_for = $1 ORDER BY code`
      // A semi-join: repeated codes need no DISTINCT, and nothing is sorted (Elo asks for up to 50,000 decile codes).
      : `SELECT code, ${idColumn} AS id FROM ${table}
         WHERE built_for = $1 AND code IN ${codesOfParam(2)}`,
    codes === null ? [stamp] : [stamp, codesParam(codes)],
  );
  const out = new Map<number, string>();
  for (let i = 0; i < c.length; i++) out.set(c.code[i], c.id[i]);
  return out;
}

/** Conversation ids of the given codes (all when codes is null). */
export async function conversationIds(db: Db, codes: number[] | null = null): Promise<Map<number, string>> {
  return idsOfCodes(db, 'conversation_codes', 'conversation_id', await freshConversationCodes(db), codes);
}

export async function participantIds(db: Db, codes: number[] | null = null): Promise<Map<number, string>> {
  return idsOfCodes(db, 'participant_codes', 'participant_id', await freshParticipantCodes(db), codes);
}

/** Distinct non-null values of a small column (conditions, scenarios, scenario types), sorted. */
export async function distinctValues(db: Db, column: 'condition' | 'scenario' | 'scenario_type'): Promise<string[]> {
  const sql = column === 'condition'
    ? `SELECT DISTINCT condition AS v FROM participants WHERE condition IS NOT NULL ORDER BY 1`
    : `SELECT DISTINCT ${column} AS v FROM conversations WHERE ${column} IS NOT NULL ORDER BY 1`;
  return (await db.all<{ v: string }>(sql)).map((r) => r.v);
}

export const PRESCRIPTIVE_DIMS: readonly string[] = PRESCRIPTIVE;
export const PROSCRIPTIVE_DIMS: readonly string[] = PROSCRIPTIVE;
