import { useRef, useState } from 'react';
import type { ThemeScenarioType } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { errorMessage } from '../api/client.js';
import { useApiEvent } from '../api/useApiEvent.js';
import { JobProgress } from '../jobs/JobProgress.js';
import { useJobs } from '../jobs/JobsContext.js';
import { LossCurve } from './LossCurves.js';
import { INITIAL_TRAIN_FORM, toTrainArgs, type TrainForm } from './train-form.js';
import { useApiQuery } from './useApiQuery.js';

/** Curves are re-read at most this often while a grid trains (progress events arrive every epoch). */
const CURVE_REFRESH_MS = 500;
const UNFINISHED = new Set(['pending', 'paused', 'failed', 'interrupted']);
const TYPES: ThemeScenarioType[] = ['all', 'personal', 'workplace'];

/**
 * Train a grid of kSAE models on an embedding set; live loss curves and dead latents per model; cancel; resume. Models
 * come from themes-models, which shows a 'running' model that no job owns any more as 'interrupted'.
 */
export function TrainingPanel({ revision, onChanged }: { revision: number; onChanged: () => void }) {
  const api = useApi();
  const jobs = useJobs();
  const sets = useApiQuery('embeddings-list', undefined, revision);
  const ready = (sets.data ?? []).filter((s) => s.state === 'done');
  const [form, setForm] = useState<TrainForm>(INITIAL_TRAIN_FORM);
  const [watch, setWatch] = useState<{ gridId: string; jobId: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const models = useApiQuery('themes-models', undefined, revision + tick).data ?? [];
  const last = useRef(0);
  useApiEvent('job-progress', (j) => {
    if (j.id !== watch?.jobId) return;
    const now = Date.now();
    if (now - last.current < CURVE_REFRESH_MS && j.state === 'running') return;
    last.current = now;
    setTick((t) => t + 1);
    if (j.state !== 'running' && j.state !== 'queued') onChanged();
  });

  const embeddingSetId = form.embeddingSetId || ready[0]?.id || '';
  const args = toTrainArgs({ ...form, embeddingSetId });
  const grids = [...new Set(models.map((m) => m.gridId).filter((g): g is string => !!g))];
  const gridId = watch?.gridId ?? grids[grids.length - 1] ?? null;
  const gridModels = models.filter((m) => m.gridId === gridId);
  const job = watch?.jobId ? jobs.jobs.find((j) => j.id === watch.jobId) ?? null : null;
  const live = job?.state === 'running' || job?.state === 'queued';

  const start = async (fn: () => Promise<{ gridId: string; jobId: string }>) => {
    setError(null);
    try {
      const r = await fn();
      setWatch({ gridId: r.gridId, jobId: r.jobId });
      jobs.upsert(await api.call('job-get', { id: r.jobId }));
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <section className="card" data-testid="training-panel">
      <h2>Train a grid</h2>
      {sets.data && ready.length === 0 && <p className="muted">Create an embedding set first.</p>}
      <div className="row gap wrap baseline">
        <label className="field">Embedding set{' '}
          <select className="input" value={embeddingSetId} onChange={(e) => setForm({ ...form, embeddingSetId: e.target.value })} data-testid="train-embedding-set">
            {ready.map((s) => <option key={s.id} value={s.id}>{s.label ?? s.id} ({s.kind}, {s.dimensions} d)</option>)}
          </select>
        </label>
        <label className="field">Latents <input className="input" value={form.latents} onChange={(e) => setForm({ ...form, latents: e.target.value })} data-testid="train-latents" /></label>
        <label className="field">K <input className="input num-input" value={form.k} onChange={(e) => setForm({ ...form, k: e.target.value })} data-testid="train-k" /></label>
        <label className="field">Seed <input className="input num-input" value={form.seed} onChange={(e) => setForm({ ...form, seed: e.target.value })} data-testid="train-seed" /></label>
        <label className="field">Max epochs <input className="input num-input" value={form.maxEpochs} placeholder="200" onChange={(e) => setForm({ ...form, maxEpochs: e.target.value })} data-testid="train-max-epochs" /></label>
        {TYPES.map((t) => (
          <label key={t} className="check small">
            <input type="checkbox" checked={form.scenarioTypes.includes(t)} data-testid={`train-type-${t}`}
              onChange={(e) => setForm({ ...form, scenarioTypes: e.target.checked ? [...form.scenarioTypes, t] : form.scenarioTypes.filter((x) => x !== t) })} />
            {t === 'all' ? 'pooled' : t}
          </label>
        ))}
        <button className="btn btn-primary" disabled={!args || live} onClick={() => args && void start(() => api.call('themes-train', args))} data-testid="train-start">Train</button>
      </div>
      {error && <div className="alert alert-error" data-testid="train-error">{error}</div>}
      {job && <JobProgress job={job} onCancel={(id) => void jobs.cancel(id)} />}
      {gridId && (
        <>
          <div className="row gap baseline top-gap">
            <span className="muted small">Grid <span className="mono">{gridId}</span>: {gridModels.length} models</span>
            {!live && gridModels.some((m) => UNFINISHED.has(m.state)) && (
              <button className="btn btn-small" onClick={() => void start(() => api.call('themes-resume', { gridId }))} data-testid="train-resume">Resume</button>
            )}
          </div>
          <div className="loss-plots">
            {gridModels.map((m) => <LossCurve key={m.modelId} modelId={m.modelId} tick={tick + revision} />)}
          </div>
        </>
      )}
    </section>
  );
}
