// `workbench sql --db F "SELECT …" [--json|--csv]`: one read-only query through the console's sandbox.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CliError, intFlag, numberFlag, reportCliFailure } from '../cli-support.js';
import { SQL_DEFAULT_LIMIT, SQL_DEFAULT_TIMEOUT_MS, type SqlResult } from '../api/contract/sql.js';
import { SqlConsole } from './console.js';
import { formatTable } from './text-table.js';

export const SQL_USAGE = `workbench sql — read-only SQL on a workspace

  workbench sql --db FILE "SELECT …" [--json | --csv] [--limit N] [--timeout SEC]

  The query runs on the workspace opened read-only, with file access off: SELECT and EXPLAIN only.
  Default output is a text table of at most --limit rows (default ${SQL_DEFAULT_LIMIT}); --json prints
  {"columns","rows","truncated","elapsedMs"} with the same cap; --csv prints the whole result as CSV.
  --timeout stops the query after SEC seconds (default ${SQL_DEFAULT_TIMEOUT_MS / 1000}).
`;

const OPTIONS = {
  db: { type: 'string' }, json: { type: 'boolean' }, csv: { type: 'boolean' }, limit: { type: 'string' }, timeout: { type: 'string' }, help: { type: 'boolean' },
} as const;

export async function sqlCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    return reportCliFailure('workbench sql', SQL_USAGE, new CliError((e as Error).message));
  }
  const { values, positionals } = parsed;
  try {
    if (values.help) { process.stdout.write(SQL_USAGE); return 0; }
    if (!values.db) throw new CliError('--db FILE is required');
    if (positionals.length !== 1) throw new CliError('give the query as one argument (quote it)');
    if (values.json && values.csv) throw new CliError('--json and --csv exclude each other');
    const path = resolve(values.db);
    if (!existsSync(path)) throw new CliError(`no workspace at ${values.db}`);
    const timeout = numberFlag(values.timeout, 'timeout');
    const console_ = new SqlConsole({ workspacePath: () => path });
    const sql = positionals[0];
    if (values.csv) {
      const out = await console_.export({ sql, format: 'csv' });
      process.stdout.write(out.csv ?? '');
      return 0;
    }
    const r: SqlResult = await console_.run({ sql, limit: intFlag(values.limit, 'limit'), timeoutMs: timeout === undefined ? undefined : Math.round(timeout * 1000) });
    if (values.json) {
      process.stdout.write(JSON.stringify({ columns: r.columns, rows: r.rows, truncated: r.truncated, elapsedMs: r.elapsedMs }) + '\n');
    } else {
      process.stdout.write(formatTable(r.columns.map((c) => c.name), r.rows) + '\n');
      process.stderr.write(`${r.rows.length} row${r.rows.length === 1 ? '' : 's'}${r.truncated ? ' (truncated; raise --limit or use --csv)' : ''}, ${r.elapsedMs} ms\n`);
    }
    return 0;
  } catch (e) {
    return reportCliFailure('workbench sql', SQL_USAGE, e);
  }
}
