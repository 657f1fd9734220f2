// Your own figures (#/figures/custom): a data source (a read-only query or an explorer selection), the options of
// one Observable Plot mark, the figure redrawn live as they change, named figures saved in the workspace (the spec,
// not the data: a saved figure re-runs when the data change) and exported like the paper's figures.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  CustomFigureSpecSchema, type CustomFigureData, type CustomFigureSpec, type SavedCustomFigure,
} from '../../../main/api/contract/index.js';
import { customFigure, type FigureSpec } from '../../../main/figures/index.js';
import { useApi } from '../../api/ApiContext.js';
import { errorMessage } from '../../api/client.js';
import { useStudy } from '../../study/StudyContext.js';
import { openInExplorer } from '../explore-link.js';
import { exportCsv, exportPng, exportSvg } from '../export.js';
import { PlotHost } from '../PlotHost.js';
import { builderHash, parseBuilderHash, type DraftSpec } from './builder-link.js';
import { SpecControls } from './SpecControls.js';
import { SourcePanel } from './SourcePanel.js';

const FIRST_SOURCE: DraftSpec['source'] = { kind: 'sql', sql: 'SELECT * FROM conversation_stats LIMIT 1000' };

/** Sensible first choices for a fresh source: a category against a number as bars, else two numbers as dots. */
function guessChannels(data: CustomFigureData): Partial<DraftSpec> {
  const numeric = data.columns.filter((c) => /INT|DOUBLE|FLOAT|DECIMAL|REAL/i.test(c.type)).map((c) => c.name);
  const other = data.columns.map((c) => c.name).filter((n) => !numeric.includes(n) && n !== 'conversation_id');
  if (other.length && numeric.length) return { mark: 'barY', x: other[0], y: numeric[0], aggregate: data.rows.length > 50 ? 'mean' : 'none' };
  if (numeric.length >= 2) return { mark: 'dot', x: numeric[0], y: numeric[1] };
  if (numeric.length === 1) return { mark: 'rectY', x: numeric[0] };
  return { mark: 'barY', x: data.columns[0]?.name, aggregate: 'count' };
}

/** The draft as a checked spec, or the field-named problems with it. */
function checkDraft(draft: DraftSpec): { spec: CustomFigureSpec | null; problems: string[] } {
  const parsed = CustomFigureSpecSchema.safeParse({ ...draft, title: draft.title?.trim() || 'Untitled figure' });
  if (parsed.success) return { spec: parsed.data, problems: [] };
  return { spec: null, problems: parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'spec'}: ${i.message}`) };
}

export function CustomFigurePage() {
  const api = useApi();
  const { revision } = useStudy();
  const initial = useMemo(() => parseBuilderHash(window.location.hash), []);
  const [draft, setDraft] = useState<DraftSpec>(initial.spec ?? { source: FIRST_SOURCE });
  const [savedName, setSavedName] = useState<string | null>(initial.name);
  const [data, setData] = useState<CustomFigureData | null>(null);
  const [dataState, setDataState] = useState<{ loading: boolean; error: string | null }>({ loading: true, error: null });
  const [saved, setSaved] = useState<SavedCustomFigure[]>([]);
  const seq = useRef(0);

  const refreshSaved = useCallback(() => {
    api.call('custom-figures-list', null).then((r) => setSaved(r.figures), () => {});
  }, [api]);
  useEffect(refreshSaved, [refreshSaved, revision]);

  // A saved figure named in the URL: load its spec once.
  useEffect(() => {
    if (!initial.name || initial.spec) return;
    api.call('custom-figures-list', null).then((r) => {
      const f = r.figures.find((x) => x.name === initial.name);
      if (f) setDraft(f.spec);
    }, () => {});
  }, [api, initial]);

  // The data: fetched when the source changes or the workspace's data do (revision), never on an option change.
  const sourceKey = JSON.stringify(draft.source);
  useEffect(() => {
    const mine = ++seq.current;
    setDataState({ loading: true, error: null });
    api.call('custom-figure-data', { source: JSON.parse(sourceKey) }).then(
      (d) => {
        if (mine !== seq.current) return;
        setData(d);
        setDataState({ loading: false, error: null });
        setDraft((cur) => (cur.mark ? cur : { ...cur, ...guessChannels(d) }));
      },
      (e) => mine === seq.current && setDataState({ loading: false, error: errorMessage(e) }),
    );
  }, [api, sourceKey, revision]);

  // The draft lives in the URL, so a reload or a shared link shows the same figure.
  useEffect(() => {
    window.history.replaceState(null, '', builderHash({ spec: draft, name: savedName ?? undefined }));
  }, [draft, savedName]);

  const change = useCallback((patch: Partial<DraftSpec>) => setDraft((d) => ({ ...d, ...patch })), []);
  const { spec, problems } = useMemo(() => checkDraft(draft), [draft]);
  const drawn = useMemo((): { figure: FigureSpec | null; error: string | null } => {
    if (!spec || !data) return { figure: null, error: null };
    try {
      return { figure: customFigure(spec, data, { name: savedName ?? undefined }), error: null };
    } catch (e) {
      return { figure: null, error: errorMessage(e) };
    }
  }, [spec, data, savedName]);

  const load = (f: SavedCustomFigure) => { setSavedName(f.name); setDraft(f.spec); };
  const remove = async (name: string) => {
    await api.call('custom-figure-delete', { name });
    if (savedName === name) setSavedName(null);
    refreshSaved();
  };

  return (
    <div className="figures cf-page" data-testid="custom-figure-page">
      <nav className="fig-nav" aria-label="Saved figures">
        <div className="fig-nav-group">
          <h3>Figures</h3>
          <a className="fig-nav-item" href="#/figures" data-testid="cf-back">← The paper's figures</a>
        </div>
        <div className="fig-nav-group">
          <h3>Your saved figures</h3>
          {saved.length === 0 && <p className="muted small cf-pad">None yet. Build one and save it.</p>}
          {saved.map((f) => (
            <div key={f.name} className={'cf-saved' + (f.name === savedName ? ' active' : '')}>
              <button className="fig-nav-item" onClick={() => load(f)} data-testid="cf-saved-item" data-name={f.name}>
                <span>{f.name}</span>
                <span className="muted small">{f.spec.mark} · {f.spec.source.kind === 'sql' ? 'query' : 'explorer selection'}</span>
              </button>
              <button className="btn-icon" title={`Delete ${f.name}`} aria-label={`Delete ${f.name}`} onClick={() => void remove(f.name)}>×</button>
            </div>
          ))}
        </div>
      </nav>
      <section className="fig-main">
        <SourcePanel source={draft.source} data={data} state={dataState} onSource={(source) => change({ source })} />
        <SpecControls draft={draft} data={data} onChange={change} />
        {problems.length > 0 && data && (
          <ul className="alert alert-warn cf-problems" data-testid="cf-problems">{problems.map((p) => <li key={p}>{p}</li>)}</ul>
        )}
        {drawn.error && <div className="alert alert-error" data-testid="cf-error">{drawn.error}</div>}
        {drawn.figure && <FigureCard figure={drawn.figure} stale={dataState.loading} spec={spec!} savedName={savedName} onSaved={(name) => { setSavedName(name); refreshSaved(); }} />}
      </section>
    </div>
  );
}

function FigureCard({ figure, spec, stale, savedName, onSaved }: {
  figure: FigureSpec; spec: CustomFigureSpec; stale: boolean; savedName: string | null; onSaved: (name: string) => void;
}) {
  const api = useApi();
  const [name, setName] = useState(savedName ?? spec.title);
  const [message, setMessage] = useState<{ text: string; error: boolean; conflict?: boolean } | null>(null);
  useEffect(() => setName(savedName ?? spec.title), [savedName, spec.title]);
  const save = async (replace: boolean) => {
    try {
      const f = await api.call('custom-figure-save', { name, spec, replace });
      setMessage({ text: `Saved as "${f.name}"; it re-runs on the workspace's data each time it is opened.`, error: false });
      onSaved(f.name);
    } catch (e) {
      const text = errorMessage(e);
      setMessage({ text, error: true, conflict: /already saved/.test(text) });
    }
  };
  return (
    <div className="fig-card" data-testid="cf-figure" data-rows={figure.data.length}>
      <div className="fig-toolbar">
        <div className="grow">
          <div className="fig-title" data-testid="figure-title">{figure.title}</div>
          {figure.subtitle && <div className="muted small">{figure.subtitle}</div>}
        </div>
        <button className="btn btn-small" disabled={!!figure.empty} onClick={() => exportSvg(figure)} data-testid="cf-export-svg">SVG</button>
        <button className="btn btn-small" disabled={!!figure.empty} onClick={() => exportPng(figure).catch((e) => setMessage({ text: errorMessage(e), error: true }))} data-testid="cf-export-png">PNG</button>
        <button className="btn btn-small" onClick={() => exportCsv(figure)} data-testid="cf-export-csv">CSV</button>
      </div>
      {figure.legend.length > 0 && (
        <div className="fig-legend">
          {figure.legend.map((l) => <span key={l.label} className="fig-legend-item"><span className="swatch" style={{ background: l.color }} />{l.label}</span>)}
        </div>
      )}
      <div className={stale ? 'fig-stale' : undefined}>
        <PlotHost spec={figure} onExplore={(filter, label) => openInExplorer(filter, label)} />
      </div>
      {figure.caption && <p className="small fig-caption">{figure.caption}</p>}
      <p className="faint small fig-provenance" data-testid="figure-provenance">{figure.provenance}</p>
      <div className="cf-save row gap">
        <input className="input" value={name} onChange={(e) => setName(e.target.value)} aria-label="Figure name" data-testid="cf-name" />
        <button className="btn btn-primary btn-small" disabled={!name.trim()} onClick={() => void save(name === savedName)} data-testid="cf-save">
          {name === savedName ? 'Save changes' : 'Save figure'}
        </button>
        {message?.conflict && <button className="btn btn-small" onClick={() => void save(true)} data-testid="cf-replace">Replace it</button>}
        {message && <span className={message.error ? 'error-text small' : 'muted small'} data-testid="cf-save-message">{message.text}</span>}
      </div>
    </div>
  );
}
