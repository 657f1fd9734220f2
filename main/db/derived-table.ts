// Derived tables: rows the workbench computes from study data and keeps in the workspace so that analyses at 100x read
// a few integer columns instead of re-aggregating millions of rows (the score pivot, the pairwise codes and judges, the
// shift cells, the design's codes, the score-set summary). Every one follows the same sequence, owned here: take the data
// stamp of what it depends on (main/db/data-stamp.ts), look up in derived_builds (migration 17) which of the wanted keys are built for it, and build
// the missing ones in one transaction that first drops rows built for other data (and older rows of those keys). So a
// table is built at most once per data stamp and key, even when several callers on any connections of the workspace
// ask at once (they join the build in flight), and a failed or cancelled build leaves the previous rows, never half.

import { AsyncLocalStorage } from 'node:async_hooks';
import { listValue } from '@duckdb/node-api';
import { IMPORTS_STAMP_SQL, stampSql, tableStampSql, type StampedTable } from './data-stamp.js';
import type { DatabaseQueues, Db } from './workspace.js';

/** The derived tables (their names and key columns are spliced into SQL, so only these). */
export type DerivedTableName = 'score_pivot' | 'pairwise_codes' | 'pairwise_judges' | 'shift_label_cells' | 'shift_participant_cells'
  | 'conversation_codes' | 'participant_codes' | 'self_report_codes' | 'score_set_summary';

export interface DerivedTableSpec {
  /** The table; it has a `built_for VARCHAR` column that holds the stamp its rows were built for. */
  readonly table: DerivedTableName;
  /** The column naming the key a row was built for (a score set, a labelling); none when the table is built whole. */
  readonly keyColumn?: 'score_set_id' | 'labelling';
  /** The study tables its rows are computed from (their counts, last row ids and in-place versions); the imports are always part of the stamp. */
  readonly dependsOn: readonly StampedTable[];
  /**
   * Inserts the rows of `keys` (`['']` for a table built whole), each with built_for = `stamp`. It runs inside the
   * build's transaction, after rows of other stamps and of these keys were deleted.
   */
  readonly build: (db: Db, stamp: string, keys: string[]) => Promise<void>;
}

export interface DerivedTable extends DerivedTableSpec {
  /** The SQL of the stamp its rows are built for. */
  readonly stampSql: string;
}

/**
 * Declares a derived table: its stamp is taken over `dependsOn` and the imports, in that order. Not over the study's
 * `data_version`: an edit in place bumps the versions of the tables it changed, so a coding edit (sentence labels)
 * leaves the score pivot built.
 */
export function derivedTable(spec: DerivedTableSpec): DerivedTable {
  return { ...spec, stampSql: stampSql([...spec.dependsOn.map(tableStampSql), IMPORTS_STAMP_SQL]) };
}

/** The current stamp of `t` and which of `keys` are built for it, in one statement (one round trip, not two). */
async function stampAndMissing(db: Db, t: DerivedTable, keys: string[]): Promise<{ stamp: string; missing: string[] }> {
  const row = await db.one<{ stamp: string; built: string[] | null }>(
    `SELECT s.stamp, (SELECT list(build_key) FROM derived_builds
       WHERE table_name = $1 AND built_for = s.stamp AND list_contains($2::VARCHAR[], build_key)) AS built
     FROM (${t.stampSql}) s(stamp)`,
    [t.table, listValue(keys)],
  );
  const built = new Set(row?.built ?? []);
  return { stamp: String(row?.stamp), missing: keys.filter((k) => !built.has(k)) };
}

/**
 * A scope (derivedReadScope) in which each derived table's freshness is checked once: an analysis call reads several
 * tables through helpers that each check theirs (preference at 100x: seven checks, two of them twice, ~5 ms each on
 * its critical path), and one call reads one stamp of each table anyway. Per database (a scope may read two
 * workspaces): a connection to ask on, and each table and keys' check.
 */
interface ScopeChecks {
  db: Db;
  checks: Map<string, { table: DerivedTableName; keys: string[]; stamp: Promise<string> }>;
}
const checkedInScope = new AsyncLocalStorage<Map<DatabaseQueues, ScopeChecks>>();

/**
 * Runs `fn` with each derived table's freshness checked at most once per table and keys (see checkedInScope). Another
 * connection may rebuild a table meanwhile (the background job after an import), which deletes the rows of the stamp
 * the scope holds: so at the end, one statement asks whether every build the scope read is still recorded (a rebuild
 * deletes the record with the rows, in one transaction), and if one is not, `fn` runs once more in a new scope.
 */
export async function derivedReadScope<T>(fn: () => Promise<T>): Promise<T> {
  if (checkedInScope.getStore()) return fn();
  for (let attempt = 0; ; attempt++) {
    const scopes = new Map<DatabaseQueues, ScopeChecks>();
    const out = await checkedInScope.run(scopes, fn);
    if (attempt === 1 || (await stillBuilt(scopes))) return out;
  }
}

/** Whether every build a scope read is still recorded in derived_builds. */
async function stillBuilt(scopes: Map<DatabaseQueues, ScopeChecks>): Promise<boolean> {
  for (const { db, checks } of scopes.values()) {
    const records: string[] = [];
    for (const c of checks.values()) {
      const stamp = await c.stamp.catch(() => null);
      if (stamp !== null) records.push(...c.keys.map((k) => [c.table, k, stamp].join('\u0000')));
    }
    if (records.length === 0) continue;
    const found = await db.value<number>(
      `SELECT count(*) FROM derived_builds WHERE list_contains($1::VARCHAR[], table_name || chr(0) || build_key || chr(0) || built_for)`,
      [listValue(records)],
    );
    if (Number(found) !== new Set(records).size) return false;
  }
  return true;
}

/**
 * The stamp `t` holds rows of `keys` for (no keys: the whole table), after building those not built for the current
 * data, or waiting for a build of them in flight on any connection of this database.
 */
export async function freshDerived(db: Db, t: DerivedTable, keys: readonly string[] = []): Promise<string> {
  const wanted = t.keyColumn ? [...new Set(keys)] : [''];
  const scopes = checkedInScope.getStore();
  if (!scopes) return checkAndBuild(db, t, wanted);
  let scope = scopes.get(db.database);
  if (!scope) scopes.set(db.database, (scope = { db, checks: new Map() }));
  const { checks } = scope;
  const id = [t.table, ...wanted].join('\u0000');
  let check = checks.get(id);
  if (!check) {
    check = { table: t.table, keys: wanted, stamp: checkAndBuild(db, t, wanted) };
    checks.set(id, check);
    // A failed check is not remembered: the next asks again.
    check.stamp.catch(() => checks.delete(id));
  }
  return check.stamp;
}

async function checkAndBuild(db: Db, t: DerivedTable, wanted: string[]): Promise<string> {
  const { stamp, missing } = await stampAndMissing(db, t, wanted);
  if (missing.length === 0) return stamp;
  // Builds of one table run one after another on the database, each looking again inside its transaction at what is
  // still missing: a caller that arrives while another builds waits for it and then finds its keys built. Run side by
  // side, two transactions would both build (neither sees the other's rows) or conflict on the stale rows both delete.
  return db.database.serial(`derived:${t.table}`, () => buildKeys(db, t, wanted));
}

/** One build: in one transaction, the stamp taken again (the data may have changed since), and the keys still missing. */
async function buildKeys(db: Db, t: DerivedTable, keys: string[]): Promise<string> {
  return db.transaction(async () => {
    const { stamp, missing } = await stampAndMissing(db, t, keys);
    if (missing.length === 0) return stamp;
    const ks = listValue(missing);
    if (t.keyColumn) {
      await db.run(`DELETE FROM ${t.table} WHERE built_for <> $1 OR list_contains($2::VARCHAR[], ${t.keyColumn})`, [stamp, ks]);
    } else {
      await db.run(`DELETE FROM ${t.table}`);
    }
    await db.run('DELETE FROM derived_builds WHERE table_name = $1 AND (built_for <> $2 OR list_contains($3::VARCHAR[], build_key))', [t.table, stamp, ks]);
    await t.build(db, stamp, missing);
    await db.run('INSERT INTO derived_builds SELECT $1, unnest($2::VARCHAR[]), $3', [t.table, ks, stamp]);
    return stamp;
  });
}

/** The keys of `t` (no keys: the whole table, as `['']`) not built for the current data: what freshDerived would build. */
export async function staleKeys(db: Db, t: DerivedTable, keys: readonly string[] = []): Promise<string[]> {
  return (await stampAndMissing(db, t, t.keyColumn ? [...new Set(keys)] : [''])).missing;
}

/** Forgets every build of `t` (its rows and bookkeeping), so the next call builds it again: for benches and tests. */
export async function dropDerived(db: Db, t: DerivedTable): Promise<void> {
  await db.transaction(async () => {
    await db.run(`DELETE FROM ${t.table}`);
    await db.run('DELETE FROM derived_builds WHERE table_name = ?', [t.table]);
  });
}
