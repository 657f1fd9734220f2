import type { ImportPreview } from '../../main/api/contract/index.js';
import { fmtInt, fmtValue } from '../api/format.js';

export function PreviewPanel({ preview }: { preview: ImportPreview }) {
  const creates = Object.entries(preview.willCreate).filter(([, n]) => n != null);
  return (
    <div className="preview" data-testid="import-preview">
      <div className="row gap wrap">
        <span className="fact">Detected format <b data-testid="preview-format">{preview.format}</b></span>
        {creates.map(([t, n]) => (
          <span key={t} className="fact" data-testid="will-create" data-table={t} data-rows={n}><b>{fmtInt(n!)}</b> {t}</span>
        ))}
      </div>
      {preview.conflict && (
        <div className="alert alert-warn" data-testid="preview-conflict">
          <strong>Conflict:</strong> {preview.conflict} Choose <em>Replace</em> to overwrite the earlier import, or the import will be refused.
        </div>
      )}
      {preview.warnings.length > 0 && (
        <div className="alert alert-error" data-testid="preview-warnings">
          <strong>This import would fail:</strong>
          <ul>{preview.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>
        </div>
      )}
      {preview.files.map((f) => (
        <div key={f.file + f.table} className="preview-file">
          <div className="preview-file-head"><span className="mono">{f.file}</span> <span className="muted">→ {f.table}</span></div>
          <div className="table-scroll">
            <table className="table preview-table">
              <thead><tr>{f.columns.map((c) => <th key={c}>{c}</th>)}</tr></thead>
              <tbody>
                {f.rows.map((r, i) => (
                  <tr key={i}>{f.columns.map((c) => <td key={c} title={fmtValue(r[c])}>{fmtValue(r[c])}</td>)}</tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
    </div>
  );
}
