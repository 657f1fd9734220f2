// The SQL console (issue 11): read-only queries on the open study, run in a locked sandbox (main/sql).
import { z } from 'zod';
import { method, noArgs, text } from './define.js';

/** Rows a result shows at most unless `limit` says otherwise; the rest is counted as truncated. */
export const SQL_DEFAULT_LIMIT = 10_000;
/** The most rows one result may hold in memory. */
export const SQL_MAX_LIMIT = 100_000;
/** How long a query may run before it is interrupted, unless `timeoutMs` says otherwise. */
export const SQL_DEFAULT_TIMEOUT_MS = 60_000;

export interface SqlColumn { name: string; type: string }

export interface SqlResult {
  queryId: string;
  columns: SqlColumn[];
  /** One array per row, values in column order (JSON: BIGINT as a number when exact, else text). */
  rows: unknown[][];
  /** More rows existed than `limit`. */
  truncated: boolean;
  elapsedMs: number;
  /** The result has a conversation_id column, so its conversations can be opened in the explorer. */
  conversationIds: boolean;
}

export interface SqlSchemaTable {
  name: string;
  kind: 'table' | 'view';
  /** Exact for tables; null for views (counting a view runs it). */
  rows: number | null;
  columns: SqlColumn[];
}

export interface SqlHistoryEntry {
  sql: string;
  at: string;
  state: 'ok' | 'error' | 'cancelled';
  rows: number | null;
  elapsedMs: number;
  message: string | null;
}

export type SqlExportResult =
  | { format: 'csv'; rows: number; path: string | null; filename: string; csv: string | null }
  | { format: 'parquet'; rows: number; path: string; filename: string; csv: null };

const sql = z.string().trim().min(1, 'type a query first').max(100_000);

export const sqlMethods = {
  'sql-run': method(z.strictObject({
    sql,
    limit: z.number().int().min(1).max(SQL_MAX_LIMIT).optional(),
    timeoutMs: z.number().int().min(100).max(3_600_000).optional(),
    /** Chosen by the caller so it can cancel before the answer arrives; default a fresh id. */
    queryId: text.max(100).optional(),
  })).returns<SqlResult>(),
  'sql-cancel': method(z.strictObject({ queryId: text })).returns<{ cancelled: boolean }>(),
  'sql-schema': method(noArgs).returns<{ tables: SqlSchemaTable[] }>(),
  'sql-history': method(noArgs).returns<{ entries: SqlHistoryEntry[] }>(),
  /** csv without a path returns the text (the renderer downloads it); parquet without a path goes to a file the service chooses. */
  'sql-export': method(z.strictObject({ sql, format: z.enum(['csv', 'parquet']), path: text.optional() })).returns<SqlExportResult>(),
};
