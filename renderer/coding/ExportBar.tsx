// Exports of the codebook (CSV, JSON, Markdown, LaTeX, REFI-QDA .qdc and the project as .qdpx) and of the coded
// segments (CSV), downloaded as files; imports of a .qdc/.json codebook and of segments coded in a spreadsheet.
import { useRef, useState } from 'react';
import { CODEBOOK_FORMATS, type CodebookExportResult, type CodebookFormat } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { errorMessage } from '../api/client.js';
import { download } from '../figures/export.js';
import { useCoding } from './CodingContext.js';

const TYPES: Record<CodebookFormat | 'segments-csv', string> = {
  csv: 'text/csv;charset=utf-8', json: 'application/json', md: 'text/markdown;charset=utf-8', tex: 'application/x-tex',
  qdc: 'application/xml', qdpx: 'application/zip', 'segments-csv': 'text/csv;charset=utf-8',
};
const LABELS: Record<CodebookFormat, string> = { csv: 'CSV', json: 'JSON', md: 'Markdown', tex: 'LaTeX', qdc: 'QDC', qdpx: 'QDPX' };

function save(out: CodebookExportResult): void {
  const content = out.content ?? '';
  const data = out.encoding === 'base64' ? Uint8Array.from(atob(content), (ch) => ch.charCodeAt(0)) : content;
  download(out.filename, new Blob([data], { type: TYPES[out.format] }));
}

export function ExportBar() {
  const api = useApi();
  const { coder, edit } = useCoding();
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const file = useRef<HTMLInputElement>(null);

  const run = async (what: CodebookFormat | 'segments') => {
    setBusy(true);
    setStatus(null);
    try {
      const out = what === 'segments' ? await api.call('coding-segments-export', {}) : await api.call('coding-codebook-export', { format: what });
      save(out);
      setStatus(`Saved ${out.filename} (${out.bytes.toLocaleString()} bytes)`);
    } catch (e) {
      setStatus(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const importFile = async (f: File) => {
    if (!coder) return;
    const content = await f.text();
    const name = f.name.toLowerCase();
    if (name.endsWith('.csv')) {
      const out = await edit('coding-segments-import', { coder, csv: content, source: f.name });
      if (out) setStatus(`Imported ${out.assignments} assignments as ${coder}; ${out.codesCreated} codes created`);
    } else {
      const out = await edit('coding-codebook-import', { coder, format: name.endsWith('.json') ? 'json' : 'qdc', content });
      if (out) setStatus(`Codebook: ${out.created} codes added, ${out.existing} already there`);
    }
  };

  return (
    <div className="export-bar row gap baseline wrap" data-testid="coding-exports">
      <span className="muted small">Codebook</span>
      {CODEBOOK_FORMATS.map((f) => (
        <button key={f} className="btn btn-small" disabled={busy} onClick={() => void run(f)} data-testid={`export-codebook-${f}`}>{LABELS[f]}</button>
      ))}
      <button className="btn btn-small" disabled={busy} onClick={() => void run('segments')} data-testid="export-segments">Coded segments CSV</button>
      <button className="btn btn-small" disabled={!coder} onClick={() => file.current?.click()} title="A REFI-QDA .qdc or .json codebook, or a CSV of coded segments (conversation_id, turn, sentence_index, code)" data-testid="coding-import">Import…</button>
      <input ref={file} type="file" accept=".qdc,.json,.csv" hidden data-testid="coding-import-file"
        onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void importFile(f); }} />
      {status && <span className="small" data-testid="coding-export-status">{status}</span>}
    </div>
  );
}
