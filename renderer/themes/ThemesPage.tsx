import { useCallback, useEffect, useState } from 'react';
import type { ThemeSort } from '../../main/api/contract/index.js';
import { useDebounced } from '../api/useDebounced.js';
import { useApiEvent } from '../api/useApiEvent.js';
import { useStudy } from '../study/StudyContext.js';
import { EmbeddingSetsPanel } from './EmbeddingSetsPanel.js';
import { ModelsTable } from './ModelsTable.js';
import { ThemeDetail } from './ThemeDetail.js';
import { ThemeList } from './ThemeList.js';
import { TrainingPanel } from './TrainingPanel.js';
import { useApiQuery } from './useApiQuery.js';
import './themes.css';

const SEARCH_DEBOUNCE_MS = 250;
/** Job kinds whose end may add or change models or descriptions (the jobs of the themes helpers). */
const THEME_JOB = /embed|theme|ksae|describe/i;

/** The Themes section: embedding sets, trained models side by side, a model's themes and one theme in depth. */
export function ThemesPage() {
  const { revision } = useStudy();
  const [jobsDone, setJobsDone] = useState(0);
  useApiEvent('job-progress', (j) => {
    if (j.state !== 'running' && j.state !== 'queued' && THEME_JOB.test(j.kind)) setJobsDone((n) => n + 1);
  });
  const [changed, setChanged] = useState(0);
  const models = useApiQuery('themes-compare', {}, revision + jobsDone + changed);
  const [modelId, setModelId] = useState<string | null>(null);
  const [latent, setLatent] = useState<number | null>(null);
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<ThemeSort>('latent');
  const settledSearch = useDebounced(search, SEARCH_DEBOUNCE_MS);
  const [descriptions, setDescriptions] = useState(0);

  // The first model is selected until the user picks one; a deleted model drops its selection.
  useEffect(() => {
    const list = models.data ?? [];
    if (modelId && list.some((m) => m.modelId === modelId)) return;
    setModelId(list[0]?.modelId ?? null);
    setLatent(null);
  }, [models.data, modelId]);

  const list = useApiQuery('themes-browse-list', modelId ? { modelId, search: settledSearch || undefined, sort } : null, revision + jobsDone + descriptions);
  const select = useCallback((id: string) => {
    setModelId(id);
    setLatent(null);
  }, []);

  return (
    <div className="page themes-page" data-testid="themes-page">
      <div className="page-head">
        <h1>Themes</h1>
        <p className="muted">Sentence embeddings, k-sparse autoencoder models (Methods "kSAE") and their themes: each latent, its sentences, share and pre/post shift.</p>
      </div>
      <EmbeddingSetsPanel revision={revision + jobsDone} />
      <TrainingPanel revision={revision + jobsDone + changed} onChanged={() => setChanged((n) => n + 1)} />
      <section className="card" data-testid="themes-models-card">
        <h2>Models</h2>
        {models.error ? <div className="alert alert-error">{models.error}</div>
          : !models.data ? <div className="center-state"><div className="spinner" /> Loading models…</div>
            : models.data.length === 0 ? <p className="muted" data-testid="themes-no-models">No trained models yet: create an embedding set, then train a grid.</p>
              : <ModelsTable models={models.data} selected={modelId} onSelect={select} />}
      </section>
      {modelId && (
        list.error ? <div className="alert alert-error" data-testid="themes-list-error">{list.error}</div>
          : !list.data ? <div className="center-state"><div className="spinner" /> Loading themes…</div>
            : (
              <div className={'themes-split' + (list.loading ? ' stale' : '')}>
                <ThemeList list={list.data} search={search} onSearch={setSearch} sort={sort} onSort={setSort} openLatent={latent} onOpen={setLatent} />
                {latent != null && <ThemeDetail modelId={modelId} latent={latent} onOpen={setLatent} onDescribed={() => setDescriptions((n) => n + 1)} />}
              </div>
            )
      )}
    </div>
  );
}
