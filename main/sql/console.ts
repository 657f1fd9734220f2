// The SQL console (issue 11): read-only queries on the open study's file, each in its own locked sandbox
// (sandbox.ts), cancellable by id, with a timeout, capped results, a schema browser, an in-memory history
// (history.ts) and export of a whole result (export.ts).
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DuckDBConnection, DuckDBResult } from '@duckdb/node-api';
import { ident } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import {
  SQL_DEFAULT_LIMIT, SQL_DEFAULT_TIMEOUT_MS, type SqlExportResult, type SqlHistoryEntry, type SqlResult, type SqlSchemaTable,
} from '../api/contract/sql.js';
import { cleanMessage, openSandbox, prepareRead, STUDY_CATALOG, type Sandbox } from './sandbox.js';
import { chunkRows, resultColumns } from './values.js';
import { SqlHistory } from './history.js';
import { resultToCsv, resultToCsvFile, resultToParquetFile } from './export.js';

export interface SqlConsoleDeps {
  /** The open study's file (throws the no-study UserError when none is open). Only its path is used. */
  workspacePath: () => string;
}

export interface SqlRunOptions {
  sql: string;
  /** Default SQL_DEFAULT_LIMIT rows. */
  limit?: number;
  /** Default SQL_DEFAULT_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Default a fresh id. */
  queryId?: string;
}

interface Running {
  /** Null while the sandbox opens. */
  conn: DuckDBConnection | null;
  reason: 'cancelled' | 'timeout' | null;
  repeat: ReturnType<typeof setInterval> | null;
}

/** How often a stopped query is interrupted again until it ends (ms). */
const INTERRUPT_REPEAT_MS = 100;

function stopQuery(q: Running, reason: 'cancelled' | 'timeout'): void {
  q.reason ??= reason;
  q.conn?.interrupt();
  q.repeat ??= setInterval(() => q.conn?.interrupt(), INTERRUPT_REPEAT_MS);
}

export class SqlConsole {
  private readonly running = new Map<string, Running>();
  private readonly history = new SqlHistory();

  constructor(private readonly deps: SqlConsoleDeps) {}

  private get path(): string {
    return this.deps.workspacePath();
  }

  async run(opts: SqlRunOptions): Promise<SqlResult> {
    const queryId = opts.queryId ?? randomUUID();
    if (this.running.has(queryId)) throw new UserError(`A query with id ${queryId} is already running`, 'busy');
    const limit = opts.limit ?? SQL_DEFAULT_LIMIT;
    const path = this.path;
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const result = await this.withQuery(queryId, opts.timeoutMs ?? SQL_DEFAULT_TIMEOUT_MS, opts.sql, async (res) => {
        const columns = resultColumns(res);
        const rows: unknown[][] = [];
        let truncated = false;
        for (let chunk = await res.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await res.fetchChunk()) {
          const more = chunkRows(res, chunk);
          const room = limit - rows.length;
          if (more.length > room) { rows.push(...more.slice(0, room)); truncated = true; break; }
          rows.push(...more);
        }
        return { queryId, columns, rows, truncated, elapsedMs: elapsed(), conversationIds: columns.some((c) => c.name.toLowerCase() === 'conversation_id') };
      });
      this.history.add(path, { sql: opts.sql, at: new Date().toISOString(), state: 'ok', rows: result.rows.length, elapsedMs: result.elapsedMs, message: null });
      return result;
    } catch (e) {
      const state = e instanceof UserError && e.code === 'sql-cancelled' ? 'cancelled' : 'error';
      this.history.add(path, { sql: opts.sql, at: new Date().toISOString(), state, rows: null, elapsedMs: elapsed(), message: e instanceof Error ? e.message : String(e) });
      throw e;
    }
  }

  /** Interrupts a running query; false when no query has that id (it finished or never started). */
  async cancel(queryId: string): Promise<{ cancelled: boolean }> {
    const q = this.running.get(queryId);
    if (!q) return { cancelled: false };
    stopQuery(q, 'cancelled');
    return { cancelled: true };
  }

  async historyList(): Promise<{ entries: SqlHistoryEntry[] }> {
    return { entries: this.history.list(this.path) };
  }

  /** User tables and views of the study, with columns and (for tables) exact row counts. */
  async schema(): Promise<{ tables: SqlSchemaTable[] }> {
    const sandbox = await openSandbox(this.path);
    try {
      const read = async (sql: string) => (await sandbox.conn.runAndReadAll(sql)).getRowObjectsJson();
      const where = `database_name = '${STUDY_CATALOG}' AND NOT internal AND NOT temporary`;
      const tables = await read(`SELECT table_name AS name, 'table' AS kind FROM duckdb_tables() WHERE ${where}
        UNION ALL SELECT view_name, 'view' FROM duckdb_views() WHERE ${where} ORDER BY name`);
      const columns = await read(`SELECT table_name, column_name, data_type FROM duckdb_columns()
        WHERE database_name = '${STUDY_CATALOG}' AND NOT internal ORDER BY table_name, column_index`);
      const out: SqlSchemaTable[] = [];
      for (const t of tables) {
        const name = String(t.name);
        const kind = t.kind === 'view' ? 'view' : 'table';
        const rows = kind === 'table' ? Number((await read(`SELECT count(*) AS n FROM ${ident(name)}`))[0].n) : null;
        out.push({ name, kind, rows, columns: columns.filter((c) => c.table_name === name).map((c) => ({ name: String(c.column_name), type: String(c.data_type) })) });
      }
      return { tables: out };
    } finally {
      sandbox.close();
    }
  }

  /** The whole result (no row cap) as CSV text or a file; Parquet always goes to a file. */
  async export(opts: { sql: string; format: 'csv' | 'parquet'; path?: string }): Promise<SqlExportResult> {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const filename = `sql-${stamp}.${opts.format}`;
    const queryId = randomUUID();
    if (opts.format === 'csv' && !opts.path) {
      let csv = '';
      const rows = await this.withQuery(queryId, SQL_DEFAULT_TIMEOUT_MS, opts.sql, (res) => resultToCsv(res, (t) => { csv += t; }));
      return { format: 'csv', rows, path: null, filename, csv };
    }
    const path = opts.path ?? join(dirname(this.path), 'exports', filename);
    mkdirSync(dirname(path), { recursive: true });
    if (opts.format === 'csv') {
      const rows = await this.withQuery(queryId, SQL_DEFAULT_TIMEOUT_MS, opts.sql, (res) => resultToCsvFile(res, path));
      return { format: 'csv', rows, path, filename, csv: null };
    }
    const rows = await this.withQuery(queryId, SQL_DEFAULT_TIMEOUT_MS, opts.sql, (res) => resultToParquetFile(res, path));
    return { format: 'parquet', rows, path, filename, csv: null };
  }

  /**
   * Runs one checked read statement in a fresh sandbox, registered for cancel (from the moment it is asked
   * for, so a cancel that arrives while the sandbox opens still counts) and timed out. DuckDB forgets an
   * interrupt that lands between statements, so a stop repeats it until the query has ended.
   */
  private async withQuery<T>(queryId: string, timeoutMs: number, sql: string, use: (res: DuckDBResult) => Promise<T>): Promise<T> {
    const path = this.path;
    const q: Running = { conn: null, reason: null, repeat: null };
    this.running.set(queryId, q);
    const timer = setTimeout(() => stopQuery(q, 'timeout'), timeoutMs);
    let sandbox: Sandbox | null = null;
    try {
      sandbox = await openSandbox(path);
      q.conn = sandbox.conn;
      if (q.reason) throw new Error('stopped before it started');
      const prepared = await prepareRead(sandbox, sql, path);
      return await use(await prepared.stream());
    } catch (e) {
      if (q.reason === 'cancelled') throw new UserError('The query was cancelled', 'sql-cancelled');
      if (q.reason === 'timeout') throw new UserError(`The query ran longer than ${timeoutMs / 1000} s and was stopped`, 'sql-cancelled');
      if (e instanceof UserError) throw e;
      throw new UserError(cleanMessage(e, path), 'sql-error');
    } finally {
      clearTimeout(timer);
      if (q.repeat) clearInterval(q.repeat);
      this.running.delete(queryId);
      sandbox?.close();
    }
  }
}
