import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { JudgeEstimate, JudgeKeyStatus, JudgeMode, PriceRow, PromptTemplate, StudyInfo } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { errorMessage } from '../api/client.js';
import { useJobs } from '../jobs/JobsContext.js';
import { useStudy } from '../study/StudyContext.js';
import { EstimateView } from './EstimateView.js';
import {
  buildSpec, DEFAULT_TEMPLATE, ENDPOINT_PRESETS, FormError, loadForm, MODES, OPENAI_BASE_URL, saveForm, type BuiltSpec, type JudgeForm,
} from './judge-state.js';
import { KeyField } from './KeyField.js';
import { ConnectionTest } from './ConnectionTest.js';
import { SelectionEditor } from './SelectionEditor.js';

function NumField({ label, value, onChange, testId, placeholder, hint, width = 90 }: {
  label: string; value: string; onChange: (v: string) => void; testId: string; placeholder?: string; hint?: string; width?: number;
}) {
  return (
    <label className="field" title={hint}>
      <span>{label}</span>
      <input className="input num" style={{ width }} inputMode="decimal" value={value} placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)} data-testid={testId} />
    </label>
  );
}

function Section({ title, children, testId, aside }: { title: string; children: ReactNode; testId?: string; aside?: ReactNode }) {
  return (
    <section className="card form judge-card" data-testid={testId}>
      <div className="judge-card-head"><h2>{title}</h2>{aside}</div>
      {children}
    </section>
  );
}

/** Distinct templates of one kind, each with its versions (newest first). */
function templatesOf(all: PromptTemplate[], kind: JudgeMode): { id: string; name: string; versions: PromptTemplate[] }[] {
  const by = new Map<string, PromptTemplate[]>();
  for (const t of all) if (t.kind === kind) by.set(t.templateId, [...(by.get(t.templateId) ?? []), t]);
  return [...by.entries()].map(([id, vs]) => {
    const versions = vs.sort((a, b) => b.version - a.version);
    return { id, name: versions[0].name, versions };
  }).sort((a, b) => (a.id === DEFAULT_TEMPLATE[kind] ? -1 : b.id === DEFAULT_TEMPLATE[kind] ? 1 : a.id.localeCompare(b.id)));
}

/** Spec without the label: a new label does not make an estimate stale. */
function estimateKey(b: BuiltSpec): string {
  const { label: _l, ...rest } = b.spec;
  return JSON.stringify([b.kind, rest]);
}

export function NewRun({ info, onStarted }: { info: StudyInfo; onStarted: (runId: string) => void }) {
  const api = useApi();
  const { upsert } = useJobs();
  const study = useStudy();
  const [form, setForm] = useState<JudgeForm>(() => loadForm());
  const [templates, setTemplates] = useState<PromptTemplate[]>([]);
  const [prices, setPrices] = useState<PriceRow[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [keyStatus, setKeyStatus] = useState<JudgeKeyStatus | null>(null);
  const [estimate, setEstimate] = useState<{ key: string; result: JudgeEstimate } | null>(null);
  const [estimating, setEstimating] = useState(false);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([api.call('prompt-templates-list', undefined), api.call('price-table-get', undefined)]).then(
      ([t, p]) => { if (live) { setTemplates(t); setPrices(p); setLoadError(null); } },
      (e) => live && setLoadError(errorMessage(e)),
    );
    return () => { live = false; };
  }, [api, study.revision]);

  const set = (patch: Partial<JudgeForm>) => setForm((f) => ({ ...f, ...patch }));
  const setMode = (mode: JudgeMode) => setForm((f) => {
    const keep = templates.some((t) => t.kind === mode && t.templateId === f.templateId);
    return { ...f, mode, templateId: keep ? f.templateId : DEFAULT_TEMPLATE[mode], version: keep ? f.version : '', batch: mode === 'pairwise' ? false : f.batch };
  });

  const built = useMemo((): { ok: BuiltSpec; key: string } | { error: string } => {
    try {
      const b = buildSpec(form);
      return { ok: b, key: estimateKey(b) };
    } catch (e) {
      return { error: e instanceof FormError ? e.message : errorMessage(e) };
    }
  }, [form]);

  const kinds = templatesOf(templates, form.mode);
  const chosen = kinds.find((k) => k.id === form.templateId) ?? null;
  const current = estimate && 'key' in built && estimate.key === built.key ? estimate.result : null;
  const stale = !!estimate && !current;

  const doEstimate = async () => {
    if ('error' in built) return setError(built.error);
    setEstimating(true);
    setError(null);
    try {
      const b = built.ok;
      const result = b.kind === 'pairwise' ? await api.call('judge-pairwise-estimate', b.spec) : await api.call('judge-estimate', b.spec);
      setEstimate({ key: built.key, result });
    } catch (e) {
      setEstimate(null);
      setError(errorMessage(e));
    } finally {
      setEstimating(false);
    }
  };

  const doStart = async () => {
    if ('error' in built) return setError(built.error);
    setStarting(true);
    setError(null);
    try {
      const b = built.ok;
      const started = b.kind === 'pairwise' ? await api.call('judge-pairwise-start', b.spec) : await api.call('judge-start', b.spec);
      saveForm(form);
      upsert(await api.call('job-get', { id: started.jobId }));
      setEstimate(null);
      set({ label: '' });
      // The run's score set exists from the start: let the explorer and overview know.
      void study.refresh();
      onStarted(started.runId);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setStarting(false);
    }
  };

  const needsKey = keyStatus && !keyStatus.available;
  const models = [...new Set(prices.map((p) => p.model))];
  const modeInfo = MODES.find((m) => m.mode === form.mode)!;
  const isPairwise = form.mode === 'pairwise';

  return (
    <form className="judge-new" data-testid="judge-new" onSubmit={(e) => { e.preventDefault(); void doEstimate(); }}>
      <div className="judge-col">
        <Section title="Endpoint and model" testId="judge-endpoint">
          <div className="field">
            <label htmlFor="judge-base-url">Base URL</label>
            <div className="row gap">
              <input id="judge-base-url" className="input grow mono" value={form.baseUrl} onChange={(e) => set({ baseUrl: e.target.value })}
                placeholder={OPENAI_BASE_URL} spellCheck={false} list="judge-endpoint-presets" data-testid="judge-base-url" />
              <select className="input" value="" aria-label="Endpoint presets" data-testid="judge-endpoint-preset"
                onChange={(e) => { if (e.target.value) set({ baseUrl: e.target.value }); }}>
                <option value="">Presets…</option>
                {ENDPOINT_PRESETS.map((p) => <option key={p.url} value={p.url}>{p.label} — {p.url}</option>)}
              </select>
            </div>
            <datalist id="judge-endpoint-presets">
              {ENDPOINT_PRESETS.map((p) => <option key={p.url} value={p.url}>{p.label}</option>)}
            </datalist>
            <span className="muted small">Any OpenAI-compatible server: OpenAI, Azure, Ollama, vLLM, LM Studio, llama.cpp.</span>
          </div>
          <label className="field">
            <span>Model</span>
            <input className="input mono" value={form.model} onChange={(e) => set({ model: e.target.value })} list="judge-models"
              placeholder="gpt-4o" spellCheck={false} data-testid="judge-model" />
            <datalist id="judge-models">{models.map((m) => <option key={m} value={m} />)}</datalist>
          </label>
          <KeyField baseUrl={form.baseUrl} onStatus={setKeyStatus} />
          <ConnectionTest baseUrl={form.baseUrl} model={form.model} />
        </Section>

        <Section title="How to judge" testId="judge-how">
          <div className="segmented judge-modes" role="radiogroup" aria-label="Mode">
            {MODES.map((m) => (
              <button key={m.mode} type="button" role="radio" aria-checked={form.mode === m.mode} className={form.mode === m.mode ? 'on' : ''}
                onClick={() => setMode(m.mode)} data-testid={`judge-mode-${m.mode}`}>{m.label}</button>
            ))}
          </div>
          <p className="muted small">{modeInfo.hint}</p>
          <div className="judge-template-row">
            <label className="field">
              <span>Prompt template</span>
              <select className="input full" value={form.templateId} onChange={(e) => set({ templateId: e.target.value, version: '' })} data-testid="judge-template">
                {kinds.length === 0 && <option value={form.templateId}>{form.templateId}</option>}
                {kinds.map((k) => <option key={k.id} value={k.id}>{k.name}{k.name !== k.id ? ` (${k.id})` : ''}</option>)}
              </select>
            </label>
            <label className="field">
              <span>Version</span>
              <select className="input" value={form.version} onChange={(e) => set({ version: e.target.value })} data-testid="judge-template-version">
                <option value="">Latest{chosen ? ` (v${chosen.versions[0].version})` : ''}</option>
                {chosen?.versions.map((v) => <option key={v.version} value={String(v.version)}>v{v.version}{v.note ? ` — ${v.note}` : ''}</option>)}
              </select>
            </label>
          </div>
          {isPairwise && (
            <div className="row gap wrap judge-pairwise-opts" data-testid="judge-pairwise-options">
              <NumField label="Comparisons per conversation" value={form.comparisonsPerConversation} onChange={(v) => set({ comparisonsPerConversation: v })} testId="judge-per-conversation" width={110} />
              <NumField label="Pairs per scenario" value={form.comparisonsPerScenario} onChange={(v) => set({ comparisonsPerScenario: v })} testId="judge-per-scenario" placeholder="auto" hint="Distinct pairs per scenario; blank: comparisons per conversation × conversations ÷ 2" width={110} />
              <NumField label="Sampler seed" value={form.seed} onChange={(v) => set({ seed: v })} testId="judge-seed" />
              <label className="check judge-check">
                <input type="checkbox" checked={form.swap} onChange={(e) => set({ swap: e.target.checked })} data-testid="judge-swap" />
                Ask each pair again with A and B swapped (position bias)
              </label>
            </div>
          )}
          <div className="row gap wrap">
            <NumField label="Temperature" value={form.temperature} onChange={(v) => set({ temperature: v })} testId="judge-temperature" placeholder="model default" hint="Default 0. Blank leaves it out of the request (models that accept only their default)." />
            <NumField label="Max output tokens" value={form.maxTokens} onChange={(v) => set({ maxTokens: v })} testId="judge-max-tokens" placeholder="default" width={110} />
            <label className="field">
              <span>Answer format</span>
              <select className="input" value={form.responseFormat} onChange={(e) => set({ responseFormat: e.target.value as JudgeForm['responseFormat'] })} data-testid="judge-response-format">
                <option value="json_schema">Structured outputs (JSON schema)</option>
                <option value="json_object">JSON mode</option>
                <option value="text">Plain text</option>
              </select>
            </label>
          </div>
        </Section>

        <Section title="Limits" testId="judge-limits">
          <div className="row gap wrap">
            <NumField label="Concurrency" value={form.concurrency} onChange={(v) => set({ concurrency: v })} testId="judge-concurrency" hint="Requests in flight at once" />
            <NumField label="Requests / min" value={form.rpm} onChange={(v) => set({ rpm: v })} testId="judge-rpm" placeholder="no limit" />
            <NumField label="Tokens / min" value={form.tpm} onChange={(v) => set({ tpm: v })} testId="judge-tpm" placeholder="no limit" width={110} />
            <NumField label="Timeout (s)" value={form.timeoutS} onChange={(v) => set({ timeoutS: v })} testId="judge-timeout" />
            <NumField label="Retries" value={form.maxRetries} onChange={(v) => set({ maxRetries: v })} testId="judge-retries" hint="Per call, on 429, 5xx, timeouts and network errors; exponential backoff that honours Retry-After" />
            <NumField label="Invalid-answer retries" value={form.maxInvalidRetries} onChange={(v) => set({ maxInvalidRetries: v })} testId="judge-invalid-retries" hint="Extra calls after invalid JSON, an out-of-range score or a missing dimension; then the item is recorded as a failure" width={110} />
          </div>
          <label className={'check judge-check' + (isPairwise ? ' disabled' : '')} title={isPairwise ? 'Pairwise runs sample pairs adaptively and cannot use the Batch API' : undefined}>
            <input type="checkbox" checked={form.batch && !isPairwise} disabled={isPairwise} onChange={(e) => set({ batch: e.target.checked })} data-testid="judge-batch" />
            Use the OpenAI Batch API (JSONL upload; cheaper, answers within 24 h; resumable)
          </label>
        </Section>

        <Section title="Conversations" testId="judge-conversations">
          <SelectionEditor info={info} value={form.selection} onChange={(selection) => set({ selection })} />
        </Section>
      </div>

      <div className="judge-col judge-aside">
        <section className="card judge-card judge-start-card" data-testid="judge-start-card">
          <div className="judge-card-head"><h2>Estimate and start</h2></div>
          <label className="field">
            <span>Run label <span className="muted small">(optional)</span></span>
            <input className="input full" value={form.label} onChange={(e) => set({ label: e.target.value })} placeholder="e.g. gpt-4o, stricter prompt" data-testid="judge-label" />
          </label>
          {loadError && <div className="alert alert-error">{loadError}</div>}
          {'error' in built && <div className="alert alert-warn" data-testid="judge-form-error">{built.error}</div>}
          {error && <div className="alert alert-error" data-testid="judge-error">{error}</div>}
          {current || estimate ? (
            <EstimateView est={(current ?? estimate!.result)} stale={stale} />
          ) : (
            <p className="muted estimate-empty" data-testid="judge-estimate-empty">
              Estimate first: the number of calls, tokens (o200k) and cost from the price table, and how many calls the cache already answers.
            </p>
          )}
          {stale && <p className="warn small" data-testid="judge-estimate-stale">The settings changed since this estimate: estimate again.</p>}
          {needsKey && <p className="warn small" data-testid="judge-needs-key">No API key for this endpoint: enter one above, or set OPENAI_API_KEY.</p>}
          <div className="row gap">
            <button type="submit" className="btn" disabled={estimating || 'error' in built} data-testid="judge-estimate-button">
              {estimating ? 'Estimating…' : current ? 'Estimate again' : 'Estimate'}
            </button>
            <button type="button" className="btn btn-primary grow" disabled={!current || starting || !!needsKey} onClick={() => void doStart()} data-testid="judge-start-button"
              title={!current ? 'Estimate first' : needsKey ? 'No API key for this endpoint' : undefined}>
              {starting ? 'Starting…' : !current ? 'Start'
                : current.toRequest === 0 ? 'Start (every answer is cached)'
                  : `Start ${current.toRequest.toLocaleString('en-US')} call${current.toRequest === 1 ? '' : 's'}`}
            </button>
          </div>
        </section>
      </div>
    </form>
  );
}
