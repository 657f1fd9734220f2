// The SQL console through a real Backend on a real workspace file (the tiny study): results, every kind of
// refusal (with the workspace unchanged and no file written), cancel and timeout, the schema browser,
// history, and export round trips (the Parquet file read back by DuckDB).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../main/backend.js';
import { runImport } from '../../main/import/run-import.js';
import { toCsv } from '../../main/export/csv.js';
import { openSandbox } from '../../main/sql/sandbox.js';
import { UserError } from '../../main/domain/errors.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-sql-');
const dbPath = join(tmp.path, 'sql.duckdb');
let b: Backend;

beforeAll(async () => {
  writeTinyStudy(join(tmp.path, 'tiny'));
  b = new Backend({ home: tmp.path });
  const ws = await b.open(dbPath);
  await runImport(ws.db, { path: join(tmp.path, 'tiny'), format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
}, 60_000);
afterAll(() => {
  b.close();
  tmp.cleanup();
});

/** Every user table and its row count, read through the read-write workspace (not the console). */
async function snapshot(): Promise<Record<string, number>> {
  const db = b.workspace.db;
  const tables = await db.all<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() WHERE NOT internal AND NOT temporary ORDER BY 1`);
  const out: Record<string, number> = {};
  for (const t of tables) out[t.name] = await db.value<number>(`SELECT count(*) FROM "${t.name}"`);
  return out;
}

describe('sql-run', () => {
  it('runs a SELECT over the study tables: names, types, rows as JSON, BIGINT counts as numbers', async () => {
    const expected = await b.workspace.db.all<{ condition: string; n: number }>(
      `SELECT p.condition, count(*) AS n FROM conversations c JOIN participants p USING (participant_id) GROUP BY 1 ORDER BY 1`);
    const r = await b.app.call('sql-run', { sql: `SELECT p.condition, count(*) AS n, list(c.round ORDER BY c.round)[1:2] AS rounds, {'k': 1} AS s
      FROM conversations c JOIN participants p USING (participant_id) GROUP BY 1 ORDER BY 1` });
    expect(r.columns.map((c) => [c.name, c.type])).toEqual([['condition', 'VARCHAR'], ['n', 'BIGINT'], ['rounds', expect.stringMatching(/\[\]$/)], ['s', expect.stringMatching(/^STRUCT/)]]);
    expect(r.rows.map((row) => [row[0], row[1]])).toEqual(expected.map((e) => [e.condition, e.n]));
    expect(expected.length).toBe(4);
    expect(typeof r.rows[0][1]).toBe('number');
    expect(r.rows[0][2]).toEqual([1, 1]);
    expect(r.rows[0][3]).toEqual({ k: 1 });
    expect(r.truncated).toBe(false);
    expect(r.conversationIds).toBe(false);
    expect(r.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps BIGINTs beyond 2^53 exact as text', async () => {
    const r = await b.app.call('sql-run', { sql: 'SELECT 9007199254740993::BIGINT AS big, 42::BIGINT AS small' });
    expect(r.rows).toEqual([['9007199254740993', 42]]);
  });

  it('caps rows at the limit and says so; flags a conversation_id column', async () => {
    const total = await b.workspace.db.value<number>('SELECT count(*) FROM messages');
    const r = await b.app.call('sql-run', { sql: 'SELECT conversation_id, turn FROM messages ORDER BY 1, 2', limit: 5 });
    expect(r.rows).toHaveLength(5);
    expect(r.truncated).toBe(true);
    expect(r.conversationIds).toBe(true);
    const all = await b.app.call('sql-run', { sql: 'SELECT conversation_id, turn FROM messages ORDER BY 1, 2', limit: total });
    expect([all.rows.length, all.truncated]).toEqual([total, false]);
    const over = await b.app.call('sql-run', { sql: 'SELECT * FROM range(5000)', limit: 4097 });
    expect([over.rows.length, over.truncated, over.rows[4096]]).toEqual([4097, true, [4096]]);
  });

  it('sees what the workspace committed after an earlier query', async () => {
    await b.workspace.db.run(`CREATE TABLE IF NOT EXISTS sql_fresh AS SELECT 1 AS a`);
    expect((await b.app.call('sql-run', { sql: 'SELECT count(*) FROM sql_fresh' })).rows).toEqual([[1]]);
    await b.workspace.db.run(`INSERT INTO sql_fresh VALUES (2)`);
    expect((await b.app.call('sql-run', { sql: 'SELECT count(*) FROM sql_fresh' })).rows).toEqual([[2]]);
    await b.workspace.db.run(`DROP TABLE sql_fresh`);
  });

  it('reports a mistake with DuckDB\'s first line', async () => {
    await expect(b.app.call('sql-run', { sql: 'SELECT * FROM no_such_table' })).rejects.toMatchObject({ code: 'sql-error', message: expect.stringMatching(/no_such_table/) });
    await expect(b.app.call('sql-run', { sql: 'SELEC 1' })).rejects.toMatchObject({ code: 'sql-error', message: expect.stringMatching(/syntax error/i) });
  });
});

describe('refusals: nothing changes and nothing is read or written outside the study', () => {
  const outside = join(tmp.path, 'outside.csv');
  const refused: [string, string, RegExp][] = [
    ['INSERT', `INSERT INTO participants (participant_id, condition) VALUES ('px', 'control')`, /read-only/],
    ['UPDATE', `UPDATE participants SET condition = 'video'`, /read-only/],
    ['DELETE', `DELETE FROM messages`, /read-only/],
    ['CREATE', `CREATE TABLE evil (a INT)`, /read-only/],
    ['CREATE TEMP', `CREATE TEMP TABLE evil AS SELECT 1`, /read-only/],
    ['DROP', `DROP TABLE messages`, /read-only/],
    ['read_text', `SELECT * FROM read_text('/etc/passwd')`, /file system operations are disabled/],
    ['read_csv', `SELECT * FROM read_csv('${join(tmp.path, 'tiny', 'participants.csv')}')`, /file system operations are disabled/],
    ['read_parquet', `SELECT * FROM read_parquet('${join(tmp.path, 'x.parquet')}')`, /file system operations are disabled/],
    ['ATTACH', `ATTACH '${join(tmp.path, 'other.duckdb')}' AS other`, /does not attach/],
    ['COPY TO', `COPY (SELECT * FROM participants) TO '${outside}'`, /file system operations are disabled/],
    ['EXPORT', `EXPORT DATABASE '${join(tmp.path, 'exported')}'`, /file system operations are disabled/],
    ['INSTALL', `INSTALL httpfs`, /does not install or load/],
    ['LOAD', `LOAD httpfs`, /does not install or load/],
    ['SET', `SET enable_external_access = true`, /does not change settings/],
    ['PRAGMA', `PRAGMA enable_profiling`, /does not change settings/],
    ['two statements', `SELECT 1; DROP TABLE messages`, /one statement/],
  ];
  it.each(refused)('%s is refused with a plain message that does not name the workspace file', async (_kind, sql, message) => {
    const before = await snapshot();
    const err = await b.app.call('sql-run', { sql }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(message);
    expect((err as UserError).message).not.toContain(dbPath);
    expect(await snapshot()).toEqual(before);
    for (const f of [outside, join(tmp.path, 'other.duckdb'), join(tmp.path, 'exported')]) expect(existsSync(f)).toBe(false);
  });

  it('never names the workspace file, even when DuckDB\'s message would', async () => {
    const notDuckDb = join(tmp.path, 'not-a-workspace.duckdb');
    writeFileSync(notDuckDb, 'plain text, not a database file '.repeat(200));
    const err = await openSandbox(notDuckDb).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/^The SQL console cannot read the workspace: .*the workspace/);
    expect((err as UserError).message).not.toContain(notDuckDb);
  });

  it('holds in the sandbox itself, below the statement check: read-only attach, no file access, locked settings', async () => {
    const sandbox = await openSandbox(dbPath);
    try {
      const fail = (sql: string) => sandbox.conn.run(sql).then(() => 'ran', (e: Error) => e.message.split('\n')[0]);
      expect(await fail(`INSERT INTO participants (participant_id, condition) VALUES ('px', 'control')`)).toMatch(/read-only mode/);
      expect(await fail(`COPY (SELECT 1) TO '${outside}'`)).toMatch(/file system operations are disabled/);
      expect(await fail(`ATTACH '${join(tmp.path, 'other.duckdb')}' AS other`)).toMatch(/file system operations are disabled/);
      expect(await fail(`SET enable_external_access = true`)).toMatch(/configuration has been locked/);
      expect(await fail(`SET lock_configuration = false`)).toMatch(/configuration has been locked/);
      expect(await fail(`LOAD httpfs`)).toMatch(/disabled/);
      expect(existsSync(outside)).toBe(false);
    } finally {
      sandbox.close();
    }
  });
});

describe('cancel and timeout', () => {
  const HUGE = 'SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b';

  it('sql-cancel interrupts a long query, which fails as cancelled and is recorded so', async () => {
    const running = b.app.call('sql-run', { sql: HUGE, queryId: 'q-long' }).catch((e: unknown) => e);
    let cancelled = false;
    while (!cancelled) {
      await new Promise((r) => setTimeout(r, 50));
      cancelled = (await b.app.call('sql-cancel', { queryId: 'q-long' })).cancelled;
    }
    const err = await running;
    expect(err).toMatchObject({ code: 'sql-cancelled', message: 'The query was cancelled' });
    expect(await b.app.call('sql-cancel', { queryId: 'q-long' })).toEqual({ cancelled: false });
    const [last] = (await b.app.call('sql-history', null)).entries;
    expect(last).toMatchObject({ sql: HUGE, state: 'cancelled', rows: null });
  });

  it('a cancel that arrives while the sandbox is still opening stops the query too', async () => {
    const running = b.sql.run({ sql: HUGE, queryId: 'q-early' }).catch((e: unknown) => e);
    expect(await b.sql.cancel('q-early')).toEqual({ cancelled: true });
    expect(await running).toMatchObject({ code: 'sql-cancelled' });
  });

  it('timeoutMs stops a query that runs too long', async () => {
    await expect(b.app.call('sql-run', { sql: HUGE, timeoutMs: 300 })).rejects.toMatchObject({ code: 'sql-cancelled', message: expect.stringMatching(/longer than 0.3 s/) });
  });
});

describe('sql-schema', () => {
  it('lists the study\'s tables with exact row counts and their columns, and no internal tables', async () => {
    const { tables } = await b.app.call('sql-schema', null);
    const counts = await snapshot();
    const asTables = tables.filter((t) => t.kind === 'table');
    expect(Object.fromEntries(asTables.map((t) => [t.name, t.rows]))).toEqual(counts);
    expect(counts.conversations).toBe(36);
    const conv = tables.find((t) => t.name === 'conversations')!;
    expect(conv.columns).toContainEqual({ name: 'conversation_id', type: 'VARCHAR' });
    expect(tables.some((t) => t.name.startsWith('duckdb_') || t.name.startsWith('pg_'))).toBe(false);
  });
});

describe('sql-history', () => {
  it('lists this workspace\'s queries newest first with rows and state', async () => {
    await b.app.call('sql-run', { sql: 'SELECT 1 AS first' });
    await b.app.call('sql-run', { sql: 'SELECT * FROM range(3)' });
    await b.app.call('sql-run', { sql: 'DROP TABLE messages' }).catch(() => {});
    const { entries } = await b.app.call('sql-history', null);
    expect(entries.slice(0, 3).map((e) => [e.sql, e.state, e.rows])).toEqual([
      ['DROP TABLE messages', 'error', null], ['SELECT * FROM range(3)', 'ok', 3], ['SELECT 1 AS first', 'ok', 1]]);
    expect(entries[2].at <= entries[0].at).toBe(true);
  });
});

describe('sql-export', () => {
  const SQL = `SELECT c.conversation_id, c.round, p.condition, m.text FROM conversations c JOIN participants p USING (participant_id)
    JOIN messages m USING (conversation_id) WHERE m.turn = 1 ORDER BY 1`;

  it('CSV: the whole result through the one CSV writer (quotes and commas kept)', async () => {
    const shown = await b.app.call('sql-run', { sql: SQL });
    const out = await b.app.call('sql-export', { sql: SQL, format: 'csv' });
    const header = shown.columns.map((c) => c.name);
    expect(out.csv).toBe(toCsv(header, shown.rows.map((r) => Object.fromEntries(header.map((h, j) => [h, r[j]])))));
    expect(out.rows).toBe(36);
    expect(out.csv).toContain('"That sounds ""really"" hard, friend. What happened next?"');
    const path = join(tmp.path, 'out', 'result.csv');
    const toFile = await b.app.call('sql-export', { sql: SQL, format: 'csv', path });
    expect(toFile).toMatchObject({ path, rows: 36, csv: null });
    expect(readFileSync(path, 'utf8')).toBe(out.csv);
  });

  it('Parquet: written by the service and read back by DuckDB with the same rows and types', async () => {
    const shown = await b.app.call('sql-run', { sql: SQL + ', 2' });
    const out = await b.app.call('sql-export', { sql: SQL + ', 2', format: 'parquet' });
    if (out.format !== 'parquet') throw new Error('expected a Parquet export');
    expect(out.path.startsWith(join(tmp.path, 'exports'))).toBe(true);
    const reader = await DuckDBInstance.create(':memory:');
    const conn = await reader.connect();
    try {
      const back = await conn.runAndReadAll(`SELECT * FROM read_parquet('${out.path}')`);
      expect(back.columnNames()).toEqual(shown.columns.map((c) => c.name));
      expect(back.columnTypes().map(String)).toEqual(shown.columns.map((c) => c.type));
      expect(back.getRowsJson()).toEqual(shown.rows);
      expect(out.rows).toBe(36);
    } finally {
      conn.closeSync();
      reader.closeSync();
    }
  });

  it('refuses what sql-run refuses, and writes nothing', async () => {
    const path = join(tmp.path, 'never.parquet');
    await expect(b.app.call('sql-export', { sql: `SELECT * FROM read_text('/etc/passwd')`, format: 'parquet', path })).rejects.toThrow(/file system operations are disabled/);
    await expect(b.app.call('sql-export', { sql: `DELETE FROM messages`, format: 'csv' })).rejects.toThrow(/read-only/);
    expect(existsSync(path)).toBe(false);
  });
});
