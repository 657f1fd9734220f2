// The SQL console page (issue 11): a query box (Ctrl/⌘-Enter runs), Run/Cancel, the result in a virtualised
// grid, the study's tables and this session's history at the side, CSV export, and the result's
// conversations opened in the explorer. Queries are read-only; the backend refuses anything else.
import { useCallback, useEffect, useState } from 'react';
import type { SqlHistoryEntry, SqlResult, SqlSchemaTable } from '../../main/api/contract/index.js';
import { errorMessage } from '../api/client.js';
import { useApi } from '../api/ApiContext.js';
import { downloadText } from '../explorer/ExportButton.js';
import { openInExplorer } from '../figures/explore-link.js';
import { openFigureBuilder } from '../figures/custom/builder-link.js';
import { ResultTable } from './ResultTable.js';
import { SchemaPanel } from './SchemaPanel.js';
import './sql.css';

const FIRST_QUERY = `SELECT p.condition, count(*) AS conversations
FROM conversations c JOIN participants p USING (participant_id)
GROUP BY 1 ORDER BY 1`;

/** The distinct conversation ids of the shown rows, in order of first appearance. */
function conversationIdsOf(result: SqlResult): string[] {
  const j = result.columns.findIndex((c) => c.name.toLowerCase() === 'conversation_id');
  if (j < 0) return [];
  return [...new Set(result.rows.map((r) => r[j]).filter((v): v is string => typeof v === 'string'))];
}

export function SqlPage() {
  const api = useApi();
  const [sql, setSql] = useState(FIRST_QUERY);
  const [running, setRunning] = useState<string | null>(null);
  const [result, setResult] = useState<SqlResult | null>(null);
  // The query that produced the shown result (the editor may have changed since): what "Plot this" plots.
  const [resultSql, setResultSql] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [tables, setTables] = useState<SqlSchemaTable[] | null>(null);
  const [history, setHistory] = useState<SqlHistoryEntry[]>([]);
  const [exporting, setExporting] = useState(false);

  const refreshHistory = useCallback(() => {
    api.call('sql-history', null).then((h) => setHistory(h.entries), () => {});
  }, [api]);

  useEffect(() => {
    api.call('sql-schema', null).then((s) => setTables(s.tables), (e) => setError(errorMessage(e)));
    refreshHistory();
  }, [api, refreshHistory]);

  const run = useCallback(async (text: string) => {
    if (running || !text.trim()) return;
    const queryId = crypto.randomUUID();
    setRunning(queryId);
    setError(null);
    try {
      setResult(await api.call('sql-run', { sql: text, queryId }));
      setResultSql(text);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setRunning(null);
      refreshHistory();
    }
  }, [api, running, refreshHistory]);

  const cancel = () => { if (running) void api.call('sql-cancel', { queryId: running }); };

  const exportCsv = async () => {
    setExporting(true);
    try {
      const out = await api.call('sql-export', { sql, format: 'csv' });
      if (out.csv !== null) downloadText(out.filename, out.csv);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  const loadQuery = (text: string, runNow: boolean) => {
    setSql(text);
    if (runNow) void run(text);
  };

  const ids = result ? conversationIdsOf(result) : [];
  return (
    <div className="sql-page" data-testid="sql-page">
      <div className="sql-main">
        <textarea
          className="sql-editor" data-testid="sql-editor" spellCheck={false} value={sql} aria-label="SQL query"
          onChange={(e) => setSql(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); void run(sql); }
          }}
        />
        <div className="sql-actions">
          <button className="btn btn-primary" data-testid="sql-run" disabled={!!running} onClick={() => void run(sql)} title="Ctrl/⌘-Enter">Run</button>
          <button className="btn" data-testid="sql-cancel" disabled={!running} onClick={cancel}>Cancel</button>
          <button className="btn" data-testid="sql-export-csv" disabled={!!running || exporting} onClick={() => void exportCsv()}>Export CSV</button>
          {result?.conversationIds && ids.length > 0 && (
            <button className="btn" data-testid="sql-open-explorer" onClick={() => openInExplorer({ conversationIds: ids }, 'from the SQL console')}>
              Open these {ids.length} conversation{ids.length === 1 ? '' : 's'} in the explorer
            </button>
          )}
          {result && result.rows.length > 0 && (
            <button className="btn" data-testid="sql-plot" onClick={() => openFigureBuilder({ kind: 'sql', sql: resultSql })} title="Build a figure from this query's result">Plot this</button>
          )}
          <span className="muted" data-testid="sql-status">
            {running ? 'Running…' : result ? `${result.rows.length.toLocaleString()} row${result.rows.length === 1 ? '' : 's'}${result.truncated ? ' (more exist; export for all)' : ''} · ${result.elapsedMs} ms` : 'Read-only: SELECT queries on the open study'}
          </span>
        </div>
        {error && <div className="alert alert-error" data-testid="sql-error">{error}</div>}
        {result && <ResultTable columns={result.columns} rows={result.rows} resultKey={result.queryId} />}
      </div>
      <SchemaPanel tables={tables} history={history} onTable={(t) => loadQuery(`SELECT * FROM "${t.replaceAll('"', '""')}" LIMIT 100`, true)} onHistory={(s) => loadQuery(s, false)} />
    </div>
  );
}
