import type { App } from '../api/app.js';
import type { SqlConsole } from '../sql/console.js';

export function registerSqlHandlers(app: App, sql: SqlConsole): void {
  app.method('sql-run', (args) => sql.run(args));
  app.method('sql-cancel', ({ queryId }) => sql.cancel(queryId));
  app.method('sql-schema', () => sql.schema());
  app.method('sql-history', () => sql.historyList());
  app.method('sql-export', (args) => sql.export(args));
}
