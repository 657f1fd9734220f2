import { useState } from 'react';
import type { ImportFormat, ImportMode, ImportPreview, ImportReport, ImportRequest } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { errorMessage, nativePicker } from '../api/client.js';
import { JobProgress } from '../jobs/JobProgress.js';
import { useJobs } from '../jobs/JobsContext.js';
import { WorkspaceSwitcher } from '../study/WorkspaceSwitcher.js';
import { ImportReportView } from './ImportReportView.js';
import { MappingEditor, type MapRow } from './MappingEditor.js';
import { PreviewPanel } from './PreviewPanel.js';

const FORMATS: { value: ImportFormat; label: string; hint: string }[] = [
  { value: 'auto', label: 'Detect automatically', hint: 'Tries the study folder, Lend an Ear, ESConv and EPITOME layouts.' },
  { value: 'study', label: 'Study folder', hint: 'A folder of CSV or Parquet tables named as in the data format (conversations, messages, …).' },
  { value: 'lend-an-ear', label: 'Lend an Ear transcripts', hint: 'conversations.csv with full_conversation transcripts, plus rating files as score sets.' },
  { value: 'esconv', label: 'ESConv JSON', hint: 'A JSON list of dialogs; strategies become message annotations.' },
  { value: 'epitome', label: 'EPITOME CSV', hint: 'Seeker post + response pairs; each mechanism file becomes a score set.' },
  { value: 'mapped', label: 'Other columns (mapping)', hint: 'Any CSV, JSON or Parquet file: map its columns onto study fields below.' },
];

export function ImportPage() {
  const api = useApi();
  const { jobs, cancel, upsert } = useJobs();
  const [path, setPath] = useState('');
  const [format, setFormat] = useState<ImportFormat>('auto');
  const [mapRows, setMapRows] = useState<MapRow[]>([{ source: '', field: '' }]);
  const [mode, setMode] = useState<Exclude<ImportMode, 'append'>>('refuse');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);

  const job = jobId ? jobs.find((j) => j.id === jobId) ?? null : null;
  const running = job ? job.state === 'running' || job.state === 'queued' : !!jobId;

  const request = (): ImportRequest => {
    const req: ImportRequest = { path: path.trim(), format, mode };
    if (format === 'mapped') {
      req.map = Object.fromEntries(mapRows.filter((r) => r.source.trim() && r.field.trim()).map((r) => [r.source.trim(), r.field.trim()]));
    }
    return req;
  };

  const invalidate = () => {
    setPreview(null);
    setError(null);
  };

  const validate = (): string | null => {
    if (!path.trim()) return 'Enter the path of a file or folder on this computer.';
    if (format === 'mapped' && mapRows.some((r) => !!r.source.trim() !== !!r.field.trim())) return 'Every mapping row needs both a source column and a study field (or remove the row).';
    return null;
  };

  const doPreview = async () => {
    const bad = validate();
    if (bad) return setError(bad);
    setPreviewing(true);
    setError(null);
    setPreview(null);
    if (!running) setJobId(null);
    try {
      setPreview(await api.call('import-preview', request()));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPreviewing(false);
    }
  };

  const doImport = async () => {
    const bad = validate();
    if (bad) return setError(bad);
    setError(null);
    try {
      const { jobId: id } = await api.call('import-start', request());
      setJobId(id);
      upsert(await api.call('job-get', { id }));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const picker = nativePicker();
  const hint = FORMATS.find((f) => f.value === format)?.hint;
  const report = job?.state === 'done' ? (job.result as ImportReport) : null;
  const previewColumns = preview ? [...new Set(preview.files.flatMap((f) => f.columns))] : [];

  return (
    <div className="page import-page" data-testid="import-page">
      <div className="page-head">
        <h1>Import</h1>
        <p className="muted">Add data to the open workspace. Imports are all-or-nothing: if anything is wrong, nothing is written and the message names the file, line and column. The backend reads the path on this computer.</p>
      </div>

      <WorkspaceSwitcher />

      <form className="card form" onSubmit={(e) => { e.preventDefault(); void doPreview(); }}>
        <div className="field">
          <label htmlFor="import-path">Path</label>
          <div className="row gap">
            <input id="import-path" className="input grow mono" value={path} onChange={(e) => { setPath(e.target.value); invalidate(); }}
              placeholder="/home/me/studies/lend-an-ear-pilot" data-testid="import-path" spellCheck={false} />
            {picker && (['folder', 'file'] as const).map((kind) => (
              <button key={kind} type="button" className="btn" onClick={async () => {
                const p = await picker(kind);
                if (p) { setPath(p); invalidate(); }
              }}>Choose {kind}…</button>
            ))}
          </div>
        </div>
        <div className="row gap wrap">
          <label className="field">
            <span>Format</span>
            <select className="input" value={format} onChange={(e) => { setFormat(e.target.value as ImportFormat); invalidate(); }} data-testid="import-format">
              {FORMATS.map((f) => <option key={f.value} value={f.value}>{f.label}</option>)}
            </select>
          </label>
          <fieldset className="field">
            <span>If this source was imported before</span>
            <div className="segmented" role="radiogroup">
              <button type="button" className={mode === 'refuse' ? 'on' : ''} aria-pressed={mode === 'refuse'} onClick={() => setMode('refuse')} data-testid="import-mode-refuse">Refuse</button>
              <button type="button" className={mode === 'replace' ? 'on' : ''} aria-pressed={mode === 'replace'} onClick={() => setMode('replace')} data-testid="import-mode-replace">Replace</button>
            </div>
          </fieldset>
        </div>
        {hint && <p className="muted small">{hint}</p>}
        {format === 'mapped' && <MappingEditor rows={mapRows} onChange={(r) => { setMapRows(r); invalidate(); }} columns={previewColumns} />}
        <div className="row gap">
          <button type="submit" className="btn" disabled={previewing || running} data-testid="import-preview-button">{previewing ? 'Reading…' : 'Preview'}</button>
          <button type="button" className="btn btn-primary" disabled={!preview || running || preview.warnings.length > 0} onClick={() => void doImport()} data-testid="import-start-button"
            title={!preview ? 'Preview first' : preview.warnings.length ? 'Fix the problems shown in the preview first' : undefined}>
            {running ? 'Importing…' : 'Import'}
          </button>
          {/* Said on the page, not only in a tooltip: why Import cannot be pressed yet. */}
          {!running && (!preview || preview.warnings.length > 0) && (
            <span className="muted small" data-testid="import-disabled-reason">
              {!preview ? 'Preview the source first: Import runs on what the preview read.' : 'Fix the problems listed in the preview, then preview again.'}
            </span>
          )}
        </div>
      </form>

      {error && <div className="alert alert-error" data-testid="import-error">{error}</div>}
      {job && (
        <div className="card">
          <JobProgress job={job} onCancel={cancel} />
          {job.state === 'failed' && <div className="alert alert-error top-gap" data-testid="import-failed">{job.error}</div>}
          {job.state === 'cancelled' && <p className="muted" data-testid="import-cancelled">The import was cancelled; the workspace is unchanged.</p>}
        </div>
      )}
      {report && <ImportReportView report={report} />}
      {preview && !report && (
        <div className="card">
          <h2>Preview</h2>
          <PreviewPanel preview={preview} />
        </div>
      )}
    </div>
  );
}
