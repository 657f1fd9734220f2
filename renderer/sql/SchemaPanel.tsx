import { useState } from 'react';
import type { SqlHistoryEntry, SqlSchemaTable } from '../../main/api/contract/index.js';

/** The study's tables (click one to look at its first rows; ▸ shows its columns) and the session's queries. */
export function SchemaPanel({ tables, history, onTable, onHistory }: {
  tables: SqlSchemaTable[] | null; history: SqlHistoryEntry[]; onTable: (name: string) => void; onHistory: (sql: string) => void;
}) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <aside className="sql-side">
      <h3>Tables</h3>
      {!tables ? <div className="muted">Loading…</div> : (
        <ul className="sql-tables" data-testid="sql-schema">
          {tables.map((t) => (
            <li key={t.name}>
              <button className="btn-icon" aria-label={`Columns of ${t.name}`} onClick={() => setOpen(open === t.name ? null : t.name)}>{open === t.name ? '▾' : '▸'}</button>
              <button className="sql-link" data-testid={`sql-table-${t.name}`} onClick={() => onTable(t.name)} title={`SELECT * FROM ${t.name} LIMIT 100`}>{t.name}</button>
              <span className="muted sql-count">{t.kind === 'view' ? 'view' : t.rows?.toLocaleString()}</span>
              {open === t.name && (
                <ul className="sql-columns">
                  {t.columns.map((c) => <li key={c.name}><span className="mono">{c.name}</span> <span className="muted">{c.type}</span></li>)}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      <h3>History</h3>
      {history.length === 0 ? <div className="muted">Queries you run appear here (kept until the app quits).</div> : (
        <ul className="sql-history" data-testid="sql-history">
          {history.map((h) => (
            <li key={`${h.at} ${h.sql}`}>
              <button className="sql-link mono" onClick={() => onHistory(h.sql)} title={h.sql}>{h.sql.replace(/\s+/g, ' ').slice(0, 500)}</button>
              <div className="muted">
                {new Date(h.at).toLocaleTimeString()} · {h.state === 'ok' ? `${h.rows} rows` : h.state} · {h.elapsedMs} ms
              </div>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
