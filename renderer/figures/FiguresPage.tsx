import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AnalysisOptions, ConversationFilter } from '../../main/api/contract/index.js';
import type { FigureSpec } from '../../main/figures/index.js';
import { useApi } from '../api/ApiContext.js';
import { errorMessage } from '../api/client.js';
import { useStudy } from '../study/StudyContext.js';
import { type Controls, defaultControls, FIGURES } from './catalog.js';
import { figureUnsupported } from './requirements.js';
import { controlsToSearch, linkedControls } from './figure-link.js';
import { ControlsBar } from './ControlsBar.js';
import { exportCsv, exportPng, exportSvg } from './export.js';
import { openInExplorer } from './explore-link.js';
import { PlotHost } from './PlotHost.js';
import { TableView } from './TableView.js';
import { useFigure } from './useFigure.js';
import './figures.css';

function figureFromHash(): string {
  const id = window.location.hash.replace(/^#\/?/, '').split(/[/?]/)[1];
  // No figure named: the page opens on the first one the study supports (decided once options are in).
  return FIGURES.some((f) => f.id === id) ? id : '';
}

/** The Figures section: every figure of the paper over the open study, with controls, exports and click-through. */
export function FiguresPage() {
  const api = useApi();
  const { info, revision } = useStudy();
  const [options, setOptions] = useState<AnalysisOptions | null>(null);
  const [optionsError, setOptionsError] = useState<string | null>(null);
  const [controls, setControls] = useState<Controls | null>(null);
  const [figureId, setFigureId] = useState(figureFromHash);

  useEffect(() => {
    let live = true;
    api.call('analysis-options', undefined).then(
      (o) => {
        if (!live) return;
        setOptions(o);
        setControls((c) => (c && o.scoreSets.some((s) => s.id === c.scoreSetId) ? c : { ...defaultControls(o), ...linkedControls(window.location.hash, o) }));
      },
      (e) => live && setOptionsError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [api, revision]);

  // #/figures/<id>?… selects a figure and its controls (links, back/forward, a hand-edited URL).
  useEffect(() => {
    const onHash = () => {
      if (!window.location.hash.replace(/^#\/?/, '').startsWith('figures')) return;
      setFigureId(figureFromHash());
      if (options) setControls({ ...defaultControls(options), ...linkedControls(window.location.hash, options) });
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [options]);

  const def = options ? (FIGURES.find((f) => f.id === figureId) ?? FIGURES.find((f) => !figureUnsupported(f.id, options)) ?? FIGURES[0]) : null;

  // The shown figure and its controls are written back to the URL (replaceState: no history entry per change,
  // and no hashchange, so this never feeds back into the listener above).
  useEffect(() => {
    if (!def || !options || !controls) return;
    const search = controlsToSearch(controls, defaultControls(options), def.controls);
    const hash = `#/figures/${def.id}${search ? `?${search}` : ''}`;
    if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
  }, [def, options, controls]);

  if (optionsError) return <div className="page"><p className="error-text">{optionsError}</p></div>;
  if (!options || !controls || !info || !def) return <div className="center-state"><div className="spinner" /> Loading analyses…</div>;
  const groups = [...new Set(FIGURES.map((f) => f.group))];
  return (
    <div className="figures" data-testid="figures-page">
      <nav className="fig-nav" aria-label="Figures">
        <div className="fig-nav-group">
          <a className="fig-nav-item" href="#/figures/custom" data-testid="figure-nav-custom">
            <span>Your own figures</span>
            <span className="muted small">from a query or a selection; saved in the study</span>
          </a>
        </div>
        {groups.map((g) => (
          <div key={g} className="fig-nav-group">
            <h3>{g}</h3>
            {FIGURES.filter((f) => f.group === g).map((f) => {
              // Greyed with its reason, still clickable: the panel then shows the analysis' own account.
              const why = figureUnsupported(f.id, options);
              return (
                <button key={f.id} className={'fig-nav-item' + (f.id === def.id ? ' active' : '') + (why ? ' unsupported' : '')} onClick={() => setFigureId(f.id)}
                  data-testid={`figure-nav-${f.id}`} data-unsupported={why ?? undefined} title={why ? `This study ${why}` : undefined} aria-current={f.id === def.id ? 'page' : undefined}>
                  <span>{f.label}</span>
                  <span className="muted small">{why ?? f.paperRef}</span>
                </button>
              );
            })}
          </div>
        ))}
      </nav>
      <section className="fig-main">
        <ControlsBar options={options} controls={controls} use={def.controls} onChange={(p) => setControls((c) => ({ ...c!, ...p }))} />
        <FigurePanel key={def.id} def={def} controls={controls} revision={revision} />
      </section>
    </div>
  );
}

function FigurePanel({ def, controls, revision }: { def: (typeof FIGURES)[number]; controls: Controls; revision: number }) {
  const { loaded, loading, error, elapsedMs } = useFigure(def, controls, revision);
  const [exportError, setExportError] = useState<string | null>(null);
  const explore = useCallback((filter: ConversationFilter, label: string) => openInExplorer(filter, label), []);
  const spec: FigureSpec | null = loaded?.figure ?? null;
  const tables = useMemo(() => [...(spec?.tables ?? []), ...(loaded?.extraTables ?? [])], [spec, loaded]);
  return (
    <div className={'fig-panel' + (def.tablesBeside ? ' beside' : '')} data-testid="figure-panel" data-figure-id={def.id} data-state={loading ? 'loading' : error ? 'error' : 'ready'}>
      <div className="fig-card">
        <div className="fig-toolbar">
          <div className="grow">
            <div className="fig-title" data-testid="figure-title">{spec?.title ?? def.label}</div>
            <div className="muted small">{def.paperRef}{spec?.subtitle ? ` · ${spec.subtitle}` : ''}</div>
          </div>
          {loading && <span className="muted small row gap" data-testid="figure-loading"><span className="spinner small" /> computing…</span>}
          {!loading && elapsedMs != null && <span className="faint small">{Math.round(elapsedMs)} ms</span>}
          <button className="btn btn-small" disabled={!spec || !!spec.empty} onClick={() => spec && exportSvg(spec)} data-testid="figure-export-svg">SVG</button>
          <button className="btn btn-small" disabled={!spec || !!spec.empty} onClick={() => spec && exportPng(spec).catch((e) => setExportError(errorMessage(e)))} data-testid="figure-export-png">PNG</button>
          <button className="btn btn-small" disabled={!spec} onClick={() => spec && exportCsv(spec)} data-testid="figure-export-csv">CSV</button>
        </div>
        {exportError && <p className="error-text small">{exportError}</p>}
        {error && <div className="alert alert-error" data-testid="figure-error">{error}</div>}
        {spec && (
          <>
            {spec.legend.length > 0 && (
              <div className="fig-legend">
                {spec.legend.map((l) => (
                  <span key={l.label} className="fig-legend-item">
                    <span className={'swatch' + (l.dashed ? ' dashed' : '')} style={l.dashed ? { borderColor: l.color } : { background: l.color }} />
                    {l.label}
                  </span>
                ))}
              </div>
            )}
            <div className={loading ? 'fig-stale' : undefined}>
              <PlotHost spec={spec} onExplore={explore} />
            </div>
            {spec.caption && <p className="small fig-caption">{spec.caption}</p>}
            <p className="faint small fig-provenance" data-testid="figure-provenance">{spec.provenance}</p>
            <p className="faint small">Hover a mark for exact numbers; click it to open its conversations in the explorer.</p>
          </>
        )}
      </div>
      {tables.length > 0 && (
        <div className="fig-tables">
          {tables.map((t, i) => <TableView key={`${t.id}-${i}`} table={t} />)}
        </div>
      )}
    </div>
  );
}
