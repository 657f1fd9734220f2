import { useState } from 'react';
import type { EmbeddingEstimate } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { useAction } from '../api/useAction.js';
import { fmtInt } from '../api/format.js';
import { JobProgress } from '../jobs/JobProgress.js';
import { useJobs } from '../jobs/JobsContext.js';
import { EMPTY_FORM, PROVIDER_LABELS, toSpec, type EmbeddingForm, type ProviderChoice } from './embedding-spec.js';
import { useApiQuery } from './useApiQuery.js';

/** Embedding sets: the list, a form to create one (estimate first for an endpoint), progress through the jobs UI, delete. */
export function EmbeddingSetsPanel({ revision }: { revision: number }) {
  const api = useApi();
  const jobs = useJobs();
  const [bump, setBump] = useState(0);
  const sets = useApiQuery('embeddings-list', undefined, revision + bump);
  const [form, setForm] = useState<EmbeddingForm>(EMPTY_FORM);
  const [estimate, setEstimate] = useState<EmbeddingEstimate | null>(null);
  const { busy, error, run: act } = useAction();
  const edit = (patch: Partial<EmbeddingForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setEstimate(null);
  };
  const create = () => act(async () => {
    const started = await api.call('embeddings-create', toSpec(form));
    jobs.upsert(await api.call('job-get', { id: started.jobId }));
    setEstimate(null);
    setBump((n) => n + 1);
  });
  const running = jobs.running.filter((j) => /embed/i.test(j.kind));

  return (
    <section className="card" data-testid="embedding-sets">
      <h2>Embedding sets</h2>
      {sets.error && <div className="alert alert-error">{sets.error}</div>}
      {sets.data && sets.data.length === 0 && <p className="muted" data-testid="embedding-sets-empty">No embedding sets yet.</p>}
      {sets.data && sets.data.length > 0 && (
        <table className="table" data-testid="embedding-set-table">
          <thead><tr><th>Set</th><th>Kind</th><th>Model</th><th className="num">Dimensions</th><th className="num">Sentences</th><th>State</th><th /></tr></thead>
          <tbody>
            {sets.data.map((s) => (
              <tr key={s.id} data-testid="embedding-set-row" data-set-id={s.id} data-state={s.state}>
                <td className="mono small">{s.label ?? s.id}</td><td>{s.kind}</td><td className="small">{s.model}</td>
                <td className="num">{fmtInt(s.dimensions)}</td><td className="num">{fmtInt(s.sentences)}</td>
                <td title={s.message ?? undefined}>{s.state}</td>
                <td className="nowrap">
                  {s.provider === 'openai' && ['interrupted', 'failed', 'cancelled'].includes(s.state) && (
                    <button className="btn btn-small" disabled={busy} onClick={() => void act(async () => {
                      const r = await api.call('embeddings-resume', { embeddingSetId: s.id });
                      jobs.upsert(await api.call('job-get', { id: r.jobId }));
                    })}>Resume</button>
                  )}
                  <button className="btn btn-small" disabled={busy || s.state === 'running'} data-testid="embedding-set-delete"
                    onClick={() => window.confirm(`Delete embedding set ${s.label ?? s.id}?`) && void act(async () => {
                      await api.call('embeddings-delete', { embeddingSetId: s.id });
                      setBump((n) => n + 1);
                    })}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {running.map((j) => <JobProgress key={j.id} job={j} onCancel={(id) => void jobs.cancel(id)} compact />)}

      <div className="form top-gap" data-testid="embedding-create">
        <div className="row gap wrap baseline">
          <label className="field">Provider{' '}
            <select className="input" value={form.provider} onChange={(e) => edit({ provider: e.target.value as ProviderChoice })} data-testid="embedding-provider">
              {(Object.keys(PROVIDER_LABELS) as ProviderChoice[]).map((p) => <option key={p} value={p}>{PROVIDER_LABELS[p]}</option>)}
            </select>
          </label>
          {form.provider !== 'offline' && (
            <label className="field">Model <input className="input" value={form.model} onChange={(e) => edit({ model: e.target.value })}
              placeholder={form.provider === 'openai' ? 'text-embedding-3-large' : 'the file name'} data-testid="embedding-model" /></label>
          )}
          {form.provider !== 'import' && (
            <label className="field">Dimensions <input className="input num-input" value={form.dimensions} inputMode="numeric"
              onChange={(e) => edit({ dimensions: e.target.value.replace(/\D/g, '') })} placeholder={form.provider === 'offline' ? '256' : "model's"} data-testid="embedding-dimensions" /></label>
          )}
          {form.provider === 'openai' && (
            <label className="field">Base URL <input className="input" value={form.baseUrl} onChange={(e) => edit({ baseUrl: e.target.value })} placeholder="https://api.openai.com/v1" data-testid="embedding-base-url" /></label>
          )}
          {form.provider === 'import' && (
            <>
              <label className="field">File <input className="input" value={form.file} onChange={(e) => edit({ file: e.target.value })} placeholder="/path/vectors.parquet | .csv | .npy" data-testid="embedding-file" /></label>
              <label className="field">Keys (.npy) <input className="input" value={form.keys} onChange={(e) => edit({ keys: e.target.value })} placeholder="/path/keys.csv" /></label>
            </>
          )}
          <label className="field">Label <input className="input" value={form.label} onChange={(e) => edit({ label: e.target.value })} data-testid="embedding-label" /></label>
        </div>
        <div className="row gap top-gap">
          <button className="btn" disabled={busy || (form.provider === 'import' && !form.file.trim())}
            onClick={() => void act(async () => setEstimate(await api.call('embeddings-estimate', toSpec(form))))} data-testid="embedding-estimate">Estimate</button>
          <button className="btn btn-primary" disabled={busy || (form.provider === 'openai' && !estimate) || (form.provider === 'import' && !form.file.trim())}
            title={form.provider === 'openai' ? 'Estimate first: calls, tokens and cost' : undefined} onClick={() => void create()} data-testid="embedding-create-start">Create</button>
        </div>
        {estimate && (
          <p className="small" data-testid="embedding-estimate-result">
            {fmtInt(estimate.sentences)} sentences · {fmtInt(estimate.calls)} calls · {fmtInt(estimate.cacheHits)} cached · {fmtInt(estimate.inputTokens)} tokens
            {estimate.cost && <> · cost {estimate.cost.amount == null ? 'unknown' : `$${estimate.cost.amount.toFixed(4)}`} <span className="muted">{estimate.cost.note}</span></>}
            {estimate.notes.map((n) => <span key={n} className="muted"> · {n}</span>)}
          </p>
        )}
        {error && <div className="alert alert-error" data-testid="embedding-error">{error}</div>}
      </div>
    </section>
  );
}
