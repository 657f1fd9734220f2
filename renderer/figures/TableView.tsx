import { useState } from 'react';
import { tableToCsv, tableToLatex, tableToMarkdown, type TableSpec } from '../../main/figures/index.js';
import { copyText, download } from './export.js';

export function TableView({ table }: { table: TableSpec }) {
  const [note, setNote] = useState<string | null>(null);
  const copy = async (what: 'Markdown' | 'LaTeX') => {
    try {
      await copyText(what === 'Markdown' ? tableToMarkdown(table) : tableToLatex(table));
      setNote(`${what} copied`);
    } catch (e) {
      setNote(`Copy failed: ${(e as Error).message}`);
    }
    setTimeout(() => setNote(null), 2000);
  };
  return (
    <div className="fig-table" data-testid={`table-${table.id}`}>
      <div className="fig-table-head">
        <span className="fig-table-title">{table.title}</span>
        <span className="row gap">
          <button className="btn btn-small" onClick={() => void copy('Markdown')} data-testid="copy-markdown">Copy Markdown</button>
          <button className="btn btn-small" onClick={() => void copy('LaTeX')} data-testid="copy-latex">Copy LaTeX</button>
          <button className="btn btn-small" onClick={() => download(`${table.id}.csv`, new Blob([tableToCsv(table)], { type: 'text/csv' }))}>CSV</button>
          {note && <span className="muted small" role="status">{note}</span>}
        </span>
      </div>
      <div className="fig-table-scroll">
        <table className="data-table">
          <thead>
            <tr>{table.columns.map((c) => <th key={c.key} className={c.align === 'right' ? 'num' : undefined}>{c.label}</th>)}</tr>
          </thead>
          <tbody>
            {table.rows.flatMap((r, i) => [
              ...(table.groups?.[i] ? [<tr key={`g${i}`} className="group-row"><td colSpan={table.columns.length}>{table.groups[i]}</td></tr>] : []),
              <tr key={i}>{table.columns.map((c) => <td key={c.key} className={c.align === 'right' ? 'num' : undefined}>{r[c.key]}</td>)}</tr>,
            ])}
          </tbody>
        </table>
      </div>
      {table.notes?.map((n, i) => <p key={i} className="muted small">{n}</p>)}
    </div>
  );
}
