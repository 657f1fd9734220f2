// Where the console's SQL runs: a fresh in-memory DuckDB per query that ATTACHes the workspace file
// READ_ONLY, then turns file access off and locks its configuration. A read-only instance opened
// directly on the file works too, but attaching into a fresh instance per query means each query sees
// what the workspace has committed by then (a long-lived read-only attach keeps its first snapshot),
// and closing it drops anything a query left behind (temp tables, macros). The statement check below
// only gives a plain message; the guarantees are the read-only attach, no file access and the lock.
import { DuckDBConnection, DuckDBInstance, StatementType } from '@duckdb/node-api';
import { UserError } from '../domain/errors.js';
import { literal } from '../db/workspace.js';

/** The catalog name the workspace has inside the console (the default, so `FROM sentences` works). */
export const STUDY_CATALOG = 'study';

/** One locked connection on the workspace, and how to let it go. */
export interface Sandbox {
  readonly conn: DuckDBConnection;
  close(): void;
}

/** Settings fixed at creation: extensions are neither installed nor loaded behind the user's back. */
const INSTANCE_OPTIONS = { autoload_known_extensions: 'false', autoinstall_known_extensions: 'false', allow_community_extensions: 'false' };

export async function openSandbox(workspacePath: string): Promise<Sandbox> {
  if (!workspacePath || workspacePath === ':memory:') {
    throw new UserError('The SQL console needs a study saved in a file; this one lives only in memory', 'no-study');
  }
  const instance = await DuckDBInstance.create(':memory:', INSTANCE_OPTIONS);
  const conn = await instance.connect();
  const close = () => { conn.closeSync(); instance.closeSync(); };
  try {
    await conn.run(`ATTACH ${literal(workspacePath)} AS ${STUDY_CATALOG} (READ_ONLY)`);
    await conn.run(`USE ${STUDY_CATALOG}`);
    // Order matters: the ATTACH above needs file access; after these two nothing can turn it back on.
    await conn.run('SET enable_external_access = false');
    await conn.run('SET lock_configuration = true');
  } catch (e) {
    close();
    throw new UserError(`The SQL console cannot read the workspace: ${cleanMessage(e, workspacePath)}`, 'bad-workspace');
  }
  return { conn, close };
}

/** Statement kinds a read-only console runs; everything else gets a plain refusal before it runs. */
const READ_STATEMENTS = new Set<number>([StatementType.SELECT, StatementType.EXPLAIN]);

/** What the console says for a refused kind, by DuckDB's statement type. */
function refusal(type: number): string {
  switch (type) {
    case StatementType.INSERT: case StatementType.UPDATE: case StatementType.DELETE: case StatementType.MERGE_INTO:
    case StatementType.CREATE: case StatementType.CREATE_FUNC: case StatementType.DROP: case StatementType.ALTER:
      return 'The SQL console is read-only: it runs SELECT queries and never changes the study';
    case StatementType.ATTACH: case StatementType.DETACH: case StatementType.COPY: case StatementType.COPY_DATABASE: case StatementType.EXPORT:
      return 'The SQL console reads only the open study: it does not attach, copy or export files (use Export for results)';
    case StatementType.LOAD: case StatementType.EXTENSION: case StatementType.UPDATE_EXTENSIONS:
      return 'The SQL console does not install or load extensions';
    case StatementType.SET: case StatementType.VARIABLE_SET: case StatementType.PRAGMA:
      return 'The SQL console does not change settings (SET and PRAGMA are refused; use duckdb_tables() and friends to look around)';
    default:
      return 'The SQL console runs SELECT (and EXPLAIN) queries only';
  }
}

/**
 * Checks that `sql` is exactly one read statement and returns it prepared; refuses anything else with a
 * UserError. Parse and bind errors come back as DuckDB's first line, with the workspace path removed.
 */
export async function prepareRead(sandbox: Sandbox, sql: string, workspacePath: string) {
  try {
    const statements = await sandbox.conn.extractStatements(sql);
    if (statements.count === 0) throw new UserError('Type a query first', 'sql-empty');
    if (statements.count > 1) throw new UserError('Run one statement at a time', 'sql-refused');
    const prepared = await statements.prepare(0);
    if (!READ_STATEMENTS.has(prepared.statementType)) throw new UserError(refusal(prepared.statementType), 'sql-refused');
    return prepared;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(cleanMessage(e, workspacePath), 'sql-error');
  }
}

/** DuckDB's first line of an error, without the workspace's path (the user sees "the workspace"). */
export function cleanMessage(e: unknown, workspacePath: string): string {
  const first = String(e instanceof Error ? e.message : e).split('\n')[0].trim();
  return (workspacePath ? first.replaceAll(workspacePath, 'the workspace') : first).slice(0, 500) || 'The query failed';
}
