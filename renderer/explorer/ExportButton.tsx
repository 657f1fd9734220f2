import { useEffect, useState } from 'react';
import type { ConversationFilter } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { useAction } from '../api/useAction.js';
import { fmtInt } from '../api/format.js';

/** Saves a CSV string as a file: a Blob download in the browser (Electron shows its save dialog for it too). */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Exports every conversation matching the current filters (not just the visible rows) as CSV. */
export function ExportButton({ filter, scoreSetId, disabled }: { filter: ConversationFilter; scoreSetId: string | null; disabled?: boolean }) {
  const api = useApi();
  const { busy, run } = useAction();
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  // The message describes one export: it goes when the selection changes, a success also after a while.
  const filterKey = JSON.stringify([filter, scoreSetId]);
  useEffect(() => setStatus(null), [filterKey]);
  useEffect(() => {
    if (!status?.ok) return;
    const t = setTimeout(() => setStatus(null), 8000);
    return () => clearTimeout(t);
  }, [status]);

  const exportCsv = () => {
    setStatus(null);
    return run(async () => {
      const out = await api.call('conversations-export', { filter, scoreSetId });
      downloadText(out.filename, out.csv);
      setStatus({ ok: true, text: `Exported ${fmtInt(out.rows)} rows to ${out.filename}` });
    }, (message) => setStatus({ ok: false, text: `Export failed: ${message}` }));
  };

  return (
    <span className="export">
      {status && <span className={'export-status ' + (status.ok ? 'muted' : 'error-text')} data-testid="export-status">{status.text}</span>}
      <button className="btn btn-small" onClick={() => void exportCsv()} disabled={busy || disabled} data-testid="export-csv"
        title="Download every conversation matching the filters as CSV">
        {busy ? 'Exporting…' : 'Export CSV'}
      </button>
    </span>
  );
}
