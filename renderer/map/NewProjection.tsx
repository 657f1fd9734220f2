import { useState } from 'react';
import type { MapProjectStarted, ProjectionEngine } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { useAction } from '../api/useAction.js';
import { fmtInt } from '../api/format.js';
import { useApiQuery } from '../themes/useApiQuery.js';
import { EMPTY_PROJECT_FORM, ENGINE_LABELS, toProjectArgs, type ProjectForm } from './project-form.js';

const NUMBER_FIELDS: { key: keyof ProjectForm; label: string; placeholder: string; title: string }[] = [
  { key: 'pca', label: 'PCA dims', placeholder: '50', title: 'Randomized PCA before the neighbour search; 0 = none (default 50 above 50 dimensions)' },
  { key: 'neighbors', label: 'Neighbours', placeholder: '15', title: "UMAP's n_neighbors, the point itself included" },
  { key: 'minDist', label: 'min_dist', placeholder: '0.1', title: 'Smallest distance between points on the map' },
  { key: 'epochs', label: 'Epochs', placeholder: 'auto', title: 'Layout epochs (default 500 up to 10,000 points, else 200)' },
  { key: 'seed', label: 'Seed', placeholder: '42', title: 'Seeds the PCA, the initial layout and the negative samples' },
];

/** The "New projection" form: an embedding set and UMAP's parameters; starting it hands the job to the page. */
export function NewProjection({ revision, onStarted }: { revision: number; onStarted: (s: MapProjectStarted) => void }) {
  const api = useApi();
  const sets = useApiQuery('embeddings-list', undefined, revision);
  const [form, setForm] = useState<ProjectForm>(EMPTY_PROJECT_FORM);
  const { busy, error, run } = useAction();
  const done = (sets.data ?? []).filter((s) => s.state === 'done');
  const chosen = form.embeddingSetId || done[0]?.id || '';
  const edit = (patch: Partial<ProjectForm>) => setForm((f) => ({ ...f, ...patch }));

  const start = () => run(async () => onStarted(await api.call('map-project', toProjectArgs({ ...form, embeddingSetId: chosen }))));

  return (
    <div className="map-new form" data-testid="map-new-projection">
      {sets.error && <div className="alert alert-error">{sets.error}</div>}
      {sets.data && done.length === 0 && (
        <p className="muted small" data-testid="map-no-embeddings">No finished embedding set yet: make one on the <a href="#/themes">Themes</a> page (the offline stand-in needs no download).</p>
      )}
      <div className="row gap wrap baseline">
        <label className="field">Embedding set{' '}
          <select className="input" value={chosen} onChange={(e) => edit({ embeddingSetId: e.target.value })} data-testid="map-form-set">
            {done.map((s) => <option key={s.id} value={s.id}>{s.label ?? s.id} · {s.kind} · {s.dimensions} dims · {fmtInt(s.sentences)} sentences</option>)}
          </select>
        </label>
        {NUMBER_FIELDS.map((f) => (
          <label key={f.key} className="field" title={f.title}>{f.label}{' '}
            <input className="input num-input" value={form[f.key]} placeholder={f.placeholder} inputMode="decimal"
              onChange={(e) => edit({ [f.key]: e.target.value })} data-testid={`map-form-${f.key}`} />
          </label>
        ))}
        <label className="field">Engine{' '}
          <select className="input" value={form.engine} onChange={(e) => edit({ engine: e.target.value as ProjectionEngine })} data-testid="map-form-engine">
            {(Object.keys(ENGINE_LABELS) as ProjectionEngine[]).map((k) => <option key={k} value={k}>{ENGINE_LABELS[k]}</option>)}
          </select>
        </label>
        <label className="field">Label <input className="input" value={form.label} onChange={(e) => edit({ label: e.target.value })} data-testid="map-form-label" /></label>
        <button className="btn btn-primary" disabled={busy || !chosen} onClick={() => void start()} data-testid="map-form-start">Compute projection</button>
      </div>
      {error && <div className="alert alert-error top-gap" data-testid="map-form-error">{error}</div>}
    </div>
  );
}
