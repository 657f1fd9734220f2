// The materialised coding tables and their columns: the only identifiers the row-change code writes into SQL.
import { listValue, type DuckDBValue } from '@duckdb/node-api';
import type { Db } from '../db/workspace.js';

type ColumnType = 'VARCHAR' | 'INTEGER' | 'BOOLEAN';

interface TableSpec { key: string; columns: Record<string, ColumnType> }

export const TABLES = {
  coding_coders: { key: 'name', columns: { name: 'VARCHAR', created_at: 'VARCHAR' } },
  coding_codes: {
    key: 'code_id',
    columns: {
      code_id: 'VARCHAR', parent_id: 'VARCHAR', name: 'VARCHAR', color: 'VARCHAR', definition: 'VARCHAR', inclusion: 'VARCHAR',
      exclusion: 'VARCHAR', examples: 'VARCHAR', position: 'INTEGER', created_at: 'VARCHAR',
    },
  },
  coding_assignments: {
    key: 'assignment_id',
    columns: {
      assignment_id: 'VARCHAR', code_id: 'VARCHAR', coder: 'VARCHAR', grain: 'VARCHAR', conversation_id: 'VARCHAR', turn: 'INTEGER',
      sentence_index: 'INTEGER', start_char: 'INTEGER', end_char: 'INTEGER', model_id: 'VARCHAR', latent: 'INTEGER', top_k: 'INTEGER',
      exclude: 'BOOLEAN', text: 'VARCHAR', ts: 'VARCHAR',
    },
  },
  coding_memos: { key: 'memo_id', columns: { memo_id: 'VARCHAR', target_kind: 'VARCHAR', target_id: 'VARCHAR', coder: 'VARCHAR', text: 'VARCHAR', ts: 'VARCHAR' } },
  coding_ratings: { key: 'rating_id', columns: { rating_id: 'VARCHAR', rater: 'VARCHAR', conversation_id: 'VARCHAR', scores: 'VARCHAR', note: 'VARCHAR', ts: 'VARCHAR' } },
  coding_queues: { key: 'rater', columns: { rater: 'VARCHAR', seed: 'INTEGER', size: 'INTEGER', items: 'VARCHAR', ts: 'VARCHAR' } },
  coding_no_code: {
    key: 'sentence_key',
    columns: { sentence_key: 'VARCHAR', conversation_id: 'VARCHAR', turn: 'INTEGER', sentence_index: 'INTEGER', resolved_by: 'VARCHAR', ts: 'VARCHAR' },
  },
} as const satisfies Record<string, TableSpec>;

export type CodingTable = keyof typeof TABLES;
export const CODING_TABLES = Object.keys(TABLES) as CodingTable[];

export type RowValue = string | number | boolean | null;
export type TableRow = Record<string, RowValue>;

/** One row change: `row` set = the row with that key becomes exactly `row`; `row` null = no row with that key. */
export interface Op { table: CodingTable; key: string; row: TableRow | null }

export type CoderRow = { name: string; created_at: string };
export type CodeRow = {
  code_id: string; parent_id: string | null; name: string; color: string; definition: string; inclusion: string; exclusion: string;
  examples: string; position: number; created_at: string;
};
export type AssignmentRow = {
  assignment_id: string; code_id: string; coder: string; grain: 'theme' | 'sentence' | 'span'; conversation_id: string | null; turn: number | null;
  sentence_index: number | null; start_char: number | null; end_char: number | null; model_id: string | null; latent: number | null;
  top_k: number | null; exclude: boolean; text: string | null; ts: string;
};
export type MemoRow = { memo_id: string; target_kind: 'code' | 'theme' | 'conversation'; target_id: string; coder: string; text: string; ts: string };
export type RatingRow = { rating_id: string; rater: string; conversation_id: string; scores: string; note: string; ts: string };
export type NoCodeRow = { sentence_key: string; conversation_id: string; turn: number; sentence_index: number; resolved_by: string; ts: string };
export type QueueRow = { rater: string; seed: number; size: number; items: string; ts: string };

const columnsOf = (t: CodingTable) => Object.keys(TABLES[t].columns);

/** Rows of `table` with these keys, columns in declaration order, as the tables hold them. */
export async function readRows(db: Db, table: CodingTable, keys: readonly string[]): Promise<Map<string, TableRow>> {
  const out = new Map<string, TableRow>();
  if (keys.length === 0) return out;
  const spec = TABLES[table];
  const rows = await db.all<TableRow>(`SELECT ${columnsOf(table).join(', ')} FROM ${table} WHERE list_contains(?::VARCHAR[], ${spec.key})`, [listValue([...keys])]);
  for (const r of rows) out.set(String(r[spec.key]), canonical(table, r));
  return out;
}

/** The row with its columns in declaration order and missing ones null: what is stored in events and compared. */
export function canonical(table: CodingTable, row: Record<string, unknown>): TableRow {
  const out: TableRow = {};
  for (const c of columnsOf(table)) out[c] = (row[c] ?? null) as RowValue;
  return out;
}

export const sameRow = (a: TableRow | null | undefined, b: TableRow | null | undefined) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Applies row changes, grouped per table: one DELETE and one INSERT … SELECT unnest(…) each. The last change of a key wins. */
export async function applyOps(db: Db, ops: readonly Op[]): Promise<void> {
  const byTable = new Map<CodingTable, Map<string, TableRow | null>>();
  for (const op of ops) {
    if (!byTable.has(op.table)) byTable.set(op.table, new Map());
    byTable.get(op.table)!.set(op.key, op.row);
  }
  for (const [table, changes] of byTable) {
    const spec = TABLES[table];
    await db.run(`DELETE FROM ${table} WHERE list_contains(?::VARCHAR[], ${spec.key})`, [listValue([...changes.keys()])]);
    const rows = [...changes.values()].filter((r): r is TableRow => r !== null);
    if (rows.length === 0) continue;
    const cols = columnsOf(table);
    const types = spec.columns as Record<string, ColumnType>;
    // Columns travel as JSON arrays: a bound list takes its type from its first value, so a leading null would null them all.
    const params: DuckDBValue[] = cols.map((c) => JSON.stringify(rows.map((r) => r[c])));
    await db.run(`INSERT INTO ${table} (${cols.join(', ')}) SELECT ${cols.map((c) => `unnest(from_json(?::JSON, '["${types[c]}"]'))`).join(', ')}`, params);
  }
}
