// Exports of the codebook (CSV, JSON, Markdown, LaTeX, REFI-QDA .qdc and the project as .qdpx) and of the coded
// segments (CSV), downloaded as files; imports of a .qdc/.json codebook and of segments coded in a spreadsheet, run
// as a job with its progress and Cancel beside the buttons.
import { useEffect, useRef, useState } from 'react';
import { CODEBOOK_FORMATS, type CodebookExportResult, type CodebookFormat } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { errorMessage } from '../api/client.js';
import { useAction } from '../api/useAction.js';
import { download } from '../figures/export.js';
import { JobProgress } from '../jobs/JobProgress.js';
import { useJobs } from '../jobs/JobsContext.js';
import { useCoding } from './CodingContext.js';

type ImportWhat = 'qdc' | 'json' | 'segments-csv';

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
  const { coder, bump } = useCoding();
  const jobs = useJobs();
  const [status, setStatus] = useState<string | null>(null);
  const { busy, run } = useAction();
  const file = useRef<HTMLInputElement>(null);

  const exportAs = (what: CodebookFormat | 'segments') => {
    setStatus(null);
    return run(async () => {
      const out = what === 'segments' ? await api.call('coding-segments-export', {}) : await api.call('coding-codebook-export', { format: what });
      save(out);
      setStatus(`Saved ${out.filename} (${out.bytes.toLocaleString()} bytes)`);
    }, setStatus);
  };

  // An import runs as a job (progress, cancel; all or nothing); its end refreshes the page's views.
  const [importing, setImporting] = useState<{ id: string; what: ImportWhat } | null>(null);
  const job = importing ? jobs.jobs.find((j) => j.id === importing.id) : undefined;
  useEffect(() => {
    if (!importing || !job || job.state === 'running' || job.state === 'queued') return;
    setImporting(null);
    bump();
    if (job.state !== 'done') setStatus(job.state === 'cancelled' ? 'Import cancelled; nothing was changed' : `Import failed: ${job.error ?? 'unknown error'}`);
    else if (importing.what === 'segments-csv') {
      const r = job.result as { assignments: number; codesCreated: number };
      setStatus(`Imported ${r.assignments} assignments as ${coder}; ${r.codesCreated} codes created`);
    } else {
      const r = job.result as { created: number; existing: number };
      setStatus(`Codebook: ${r.created} codes added, ${r.existing} already there`);
    }
  }, [importing, job, bump, coder]);

  const importFile = async (f: File) => {
    if (!coder) return;
    const name = f.name.toLowerCase();
    const what: ImportWhat = name.endsWith('.csv') ? 'segments-csv' : name.endsWith('.json') ? 'json' : 'qdc';
    setStatus(null);
    try {
      const { jobId } = await api.call('coding-import-start', { coder, what, content: await f.text(), source: f.name });
      jobs.upsert(await api.call('job-get', { id: jobId }));
      setImporting({ id: jobId, what });
    } catch (e) {
      setStatus(errorMessage(e));
    }
  };

  return (
    <div className="export-bar row gap baseline wrap" data-testid="coding-exports">
      <span className="muted small">Codebook</span>
      {CODEBOOK_FORMATS.map((f) => (
        <button key={f} className="btn btn-small" disabled={busy} onClick={() => void exportAs(f)} data-testid={`export-codebook-${f}`}>{LABELS[f]}</button>
      ))}
      <button className="btn btn-small" disabled={busy} onClick={() => void exportAs('segments')} data-testid="export-segments">Coded segments CSV</button>
      <button className="btn btn-small" disabled={!coder || importing !== null} onClick={() => file.current?.click()} title="A REFI-QDA .qdc or .json codebook, or a CSV of coded segments (conversation_id, turn, sentence_index, code)" data-testid="coding-import">Import…</button>
      <input ref={file} type="file" accept=".qdc,.json,.csv" hidden data-testid="coding-import-file"
        onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void importFile(f); }} />
      {job && importing && <JobProgress job={job} onCancel={(id) => void jobs.cancel(id)} compact />}
      {status && <span className="small" data-testid="coding-export-status">{status}</span>}
    </div>
  );
}
