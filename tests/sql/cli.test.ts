// `workbench sql` in its own process on a real workspace file: --json, --csv (the whole result), the text
// table, a refusal (exit 1, workspace unchanged) and a usage mistake (exit 2).
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/db/workspace.js';
import { runImport } from '../../main/import/run-import.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const tmp = tempDir('workbench-sql-cli-');
const dbPath = join(tmp.path, 'cli.duckdb');
let conversationIds: string[];

beforeAll(async () => {
  writeTinyStudy(join(tmp.path, 'tiny'));
  const ws = await Workspace.open(dbPath);
  try {
    await runImport(ws.db, { path: join(tmp.path, 'tiny'), format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
    conversationIds = (await ws.db.all<{ id: string }>('SELECT conversation_id AS id FROM conversations ORDER BY 1')).map((r) => r.id);
  } finally {
    ws.close(); // the CLI opens the file itself
  }
}, 60_000);
afterAll(() => tmp.cleanup());

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'main/cli.ts'), 'sql', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => ok({ code, stdout, stderr }));
  });
}

describe('workbench sql', () => {
  it('--json prints columns, capped rows and truncated', async () => {
    const r = await cli(['--db', dbPath, 'SELECT conversation_id, round FROM conversations ORDER BY 1', '--json', '--limit', '10']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.columns).toEqual([{ name: 'conversation_id', type: 'VARCHAR' }, { name: 'round', type: expect.any(String) }]);
    expect(out.rows.map((x: unknown[]) => x[0])).toEqual(conversationIds.slice(0, 10));
    expect(out.truncated).toBe(true);
  }, 30_000);

  it('--csv prints the whole result, uncapped', async () => {
    const r = await cli(['--db', dbPath, 'SELECT conversation_id FROM conversations ORDER BY 1', '--csv', '--limit', '3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(['conversation_id', ...conversationIds].join('\n') + '\n');
  }, 30_000);

  it('prints a text table by default, the row count on stderr', async () => {
    const r = await cli(['--db', dbPath, `SELECT 'a' AS x, NULL AS y UNION ALL SELECT 'bb', 2 ORDER BY 1`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('x   y\n--  ----\na   NULL\nbb  2\n');
    expect(r.stderr).toMatch(/^2 rows, \d+ ms\n$/);
  }, 30_000);

  it('refuses a write with exit 1 and leaves the workspace as it was', async () => {
    const r = await cli(['--db', dbPath, 'DELETE FROM conversations']);
    expect([r.code, r.stderr]).toEqual([1, 'workbench sql: The SQL console is read-only: it runs SELECT queries and never changes the study\n']);
    const after = await cli(['--db', dbPath, 'SELECT count(*) AS n FROM conversations', '--json']);
    expect(JSON.parse(after.stdout).rows).toEqual([[conversationIds.length]]);
  }, 30_000);

  it('a usage mistake exits 2 with the usage', async () => {
    const r = await cli(['SELECT 1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--db FILE is required[\s\S]*workbench sql --db FILE/);
  }, 30_000);
});
