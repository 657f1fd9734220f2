// Shared helpers for the importer tests: temporary workspaces, the real corpora, and a content dump
// of a workspace to prove that a failed import left it exactly as it was.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Workspace, ident } from '../../main/db/workspace.js';
import { runImport, previewImport } from '../../main/import/run-import.js';
import type { ImportReport, ImportRequest } from '../../main/api/contract/index.js';

/** Repository root, and the shared corpora next to it (never copied into the repository). */
export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const CORPORA = resolve(REPO_ROOT, '../shared/corpora');
export const PILOT = join(CORPORA, 'lend-an-ear-pilot');
export const ESCONV = join(CORPORA, 'esconv', 'FailedESConv.json');
export const EPITOME = join(CORPORA, 'epitome');

const quiet = { progress: () => {}, checkCancelled: () => {} };

export interface TempWorkspace {
  dir: string;
  ws: Workspace;
  import(req: Partial<ImportRequest> & { path: string }): Promise<ImportReport>;
  preview(req: Partial<ImportRequest> & { path: string }): ReturnType<typeof previewImport>;
  close(): void;
}

/** A fresh workspace file in its own temporary folder; close() removes both. */
export async function tempWorkspace(): Promise<TempWorkspace> {
  const dir = mkdtempSync(join(tmpdir(), 'wb-import-test-'));
  const ws = await Workspace.open(join(dir, 'workspace.duckdb'));
  return {
    dir,
    ws,
    import: (req) => runImport(ws.db, { format: 'auto', ...req }, quiet),
    preview: (req) => previewImport(ws.db, { format: 'auto', ...req }),
    close() {
      ws.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'wb-import-src-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every table of the workspace with its row count and a hash of all its rows, sorted. */
export async function dumpWorkspace(ws: Workspace): Promise<Record<string, { rows: number; hash: string }>> {
  const tables = await ws.db.all<{ name: string }>(
    `SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = current_schema() ORDER BY 1`);
  const out: Record<string, { rows: number; hash: string }> = {};
  for (const { name } of tables) {
    const r = await ws.db.one<{ rows: number; hash: string }>(
      `SELECT count(*) AS rows, md5(coalesce(string_agg(CAST(t AS VARCHAR), chr(10) ORDER BY CAST(t AS VARCHAR)), '')) AS hash FROM ${ident(name)} t`);
    out[name] = r!;
  }
  return out;
}

export async function count(ws: Workspace, sql: string): Promise<number> {
  return Number(await ws.db.value(sql));
}
