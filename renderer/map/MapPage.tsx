import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CONSENSUS_CODER, type MapPoints, type ProjectionSummary } from '../../main/api/contract/index.js';
import { rowsToCsv } from '../../main/figures/tables.js';
import { useApi } from '../api/ApiContext.js';
import { useDebounced } from '../api/useDebounced.js';
import { errorMessage } from '../api/client.js';
import { download } from '../figures/export.js';
import { JobProgress } from '../jobs/JobProgress.js';
import { useJobs } from '../jobs/JobsContext.js';
import { useStudy } from '../study/StudyContext.js';
import { useApiQuery } from '../themes/useApiQuery.js';
import { CodingProvider } from '../coding/CodingContext.js';
import { densityContours, paintContours } from './contours.js';
import { boundsOf, encode, normalise, pointRows, shownIndices, type Normalised } from './encoding.js';
import { backendFilter, conversationsOf, facetMask, NO_FACETS, type MapFacets } from './filters.js';
import { paintLabels } from './labels.js';
import { MapSidebar } from './MapSidebar.js';
import { codeScopeOf, MapToolbar, type ColourChoice } from './MapToolbar.js';
import { MapView, placeFor, type MapLayer } from './MapView.js';
import { NewProjection } from './NewProjection.js';
import type { PointCloudHandle, PointerMode, ViewInfo } from './PointCloud.js';
import { ProjectionPicker } from './ProjectionPicker.js';
import { SelectionPanel } from './SelectionPanel.js';
import { SmallMultiples } from './SmallMultiples.js';
import { useMapKeys } from './useMapKeys.js';
import { useProjectionRun, type ProjectionRun } from './useProjectionRun.js';
import './map.css';

const SEARCH_DEBOUNCE_MS = 300;
const INITIAL_COLOUR: ColourChoice = { colorBy: 'condition', themeModelId: null, scoreSetId: null, dimension: null, codeCoder: null, codeDepth: null };

/** Positions in [-1, 1], computed once per projection (re-colouring refetches the points but they do not move). */
function useNormalised(points: MapPoints | null): Normalised | null {
  const cache = useRef<{ key: string; norm: Normalised } | null>(null);
  return useMemo(() => {
    if (!points) return null;
    const key = `${points.projectionId}:${points.n}`;
    if (cache.current?.key !== key) cache.current = { key, norm: normalise(points.x, points.y, points.bounds) };
    return cache.current.norm;
  }, [points]);
}

/** The map (#/map), inside the coding page's coder choice (shared with it) for "code these". */
export function MapPage() {
  return <CodingProvider><MapContent /></CodingProvider>;
}

/** Projections of an embedding set as a WebGL point cloud, coloured, filtered, selectable and codable. */
function MapContent() {
  const api = useApi();
  const jobs = useJobs();
  const { info, revision } = useStudy();
  const [bump, setBump] = useState(0);
  const projections = useApiQuery('map-projections', undefined, revision + bump);
  const models = useApiQuery('themes-models', undefined, revision);
  const [projectionId, setProjectionId] = useState<string | null>(null);
  const [run, setRun] = useState<ProjectionRun | null>(null);
  const [colour, setColour] = useState<ColourChoice>(INITIAL_COLOUR);
  const [facets, setFacets] = useState<MapFacets>(NO_FACETS);
  const [hidden, setHidden] = useState<Set<number>>(() => new Set());
  const [selection, setSelection] = useState<number[]>([]);
  const [mode, setMode] = useState<PointerMode>('pan');
  const [contoursOn, setContoursOn] = useState(false);
  /** Bumped after "code these" and its undo: code colours and counts refetch. */
  const [codeRevision, setCodeRevision] = useState(0);
  const coders = useApiQuery('coding-coders', undefined, revision + codeRevision);
  const view = useRef<ViewInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const handle = useRef<PointCloudHandle | null>(null);
  const { job, frame } = useProjectionRun(run);
  const list: ProjectionSummary[] = projections.data ?? [];
  const current = list.find((p) => p.id === projectionId) ?? null;
  const doneModels = (models.data ?? []).filter((m) => m.state === 'done');

  // The first finished projection is shown until the user picks one; a projection still running is followed.
  useEffect(() => {
    if (!projections.data) return;
    if (!projectionId || !projections.data.some((p) => p.id === projectionId && p.state === 'done')) {
      setProjectionId(projections.data.find((p) => p.state === 'done')?.id ?? null);
    }
    const running = projections.data.find((p) => p.state === 'running' && p.jobId);
    if (!run && running?.jobId) setRun({ projectionId: running.id, jobId: running.jobId });
  }, [projections.data]);

  // A finished run becomes the shown projection; a failed or cancelled one says why and leaves the map as it was.
  useEffect(() => {
    if (!run || !job || job.state === 'running' || job.state === 'queued') return;
    if (job.state === 'done') setProjectionId(run.projectionId);
    else setError(job.state === 'cancelled' ? 'The projection was cancelled.' : job.error ?? 'The projection failed.');
    setRun(null);
    setBump((n) => n + 1);
  }, [job?.state]);

  // A theme model on the projection's own embedding set colours the map by theme, unless the user chose otherwise.
  useEffect(() => {
    if (!current || colour.themeModelId) return;
    const model = doneModels.find((m) => m.embeddingSetId === current.embeddingSetId);
    if (model) setColour((c) => ({ ...c, themeModelId: model.modelId, colorBy: c.colorBy === 'condition' ? 'theme' : c.colorBy }));
  }, [current?.id, models.data]);

  useEffect(() => {
    setSelection([]);
    setFacets(NO_FACETS);
  }, [projectionId]);
  useEffect(() => setHidden(new Set()), [projectionId, colour.colorBy, colour.themeModelId, colour.scoreSetId, colour.dimension, colour.codeCoder, colour.codeDepth]);

  const withScore = colour.colorBy === 'score' && colour.scoreSetId && colour.dimension;
  // One object per choice: the merged points below depend on it, and a new scope each render would re-encode them.
  const codeScope = useMemo(() => codeScopeOf(colour), [colour.colorBy, colour.codeCoder, colour.codeDepth]); // eslint-disable-line react-hooks/exhaustive-deps
  // The text search and score ranges are the explorer's filter, applied by the backend; typing waits for a pause.
  const filterKey = useDebounced(JSON.stringify(backendFilter(facets)), SEARCH_DEBOUNCE_MS);
  const filter = useMemo(() => JSON.parse(filterKey) as ReturnType<typeof backendFilter>, [filterKey]);
  const pointsQuery = useApiQuery('map-points', projectionId ? {
    projectionId,
    themeModelId: colour.themeModelId ?? undefined,
    ...(withScore ? { scoreSetId: colour.scoreSetId!, dimension: colour.dimension! } : {}),
    ...(filter ? { filter } : {}),
  } : null);
  // Colour by code reads the codes alone: choosing another coder, or coding a selection, recolours the map
  // without fetching every point again (300,000 points at 100x).
  const codesQuery = useApiQuery('map-point-codes', projectionId && codeScope ? { projectionId, codes: codeScope } : null, codeRevision);
  const points = useMemo(() => {
    const p = pointsQuery.data?.projectionId === projectionId ? pointsQuery.data : null;
    const c = codesQuery.data;
    // Codes of another projection or scope (the previous answer, while the next loads) would colour the wrong points.
    const code = codeScope && c?.projectionId === projectionId && c.code.scope.coder === codeScope.coder && c.code.scope.depth === codeScope.depth
      ? c.code : null;
    return p && { ...p, attributes: { ...p.attributes, code } };
  }, [pointsQuery.data, codesQuery.data, projectionId, codeScope]);
  const labels = useApiQuery('map-labels', projectionId && colour.themeModelId ? { projectionId, themeModelId: colour.themeModelId } : null);
  const norm = useNormalised(points);
  const encoding = useMemo(() => points && encode(points, colour.colorBy), [points, colour.colorBy]);
  const shown = useMemo(() => points && encoding ? shownIndices(points.n, facetMask(points, facets), encoding.values, hidden) : null,
    [points, encoding, facets, hidden]);
  const shownCount = shown?.length ?? points?.n ?? 0;
  const contours = useMemo(() => (contoursOn && norm && points ? densityContours(norm.x, norm.y, shown) : null), [contoursOn, norm, points, shown]);

  const hiddenThemes = useMemo(() => {
    const out = new Set<string>();
    if (encoding?.colorBy === 'theme') for (const item of encoding.legend) if (hidden.has(item.index) && item.value) out.add(item.value);
    return out;
  }, [encoding, hidden]);
  const themeLabels = useMemo(() => (labels.data?.projectionId === projectionId ? labels.data.labels : []), [labels.data, projectionId]);

  const preview = useMemo(() => frame && normalise(frame.x, frame.y, boundsOf(frame.x, frame.y)), [frame]);
  const layer: MapLayer | null = run && frame && preview ? { kind: 'preview', norm: preview, epoch: frame.epoch, epochs: frame.epochs, preliminary: frame.preliminary }
    : points && norm && encoding ? { kind: 'points', points, norm, encoding, shown } : null;

  const clear = useCallback(() => setSelection([]), []);
  const onView = useCallback((v: ViewInfo) => { view.current = v; }, []);
  useMapKeys({
    clear,
    toggleLasso: () => setMode((m) => (m === 'lasso' ? 'pan' : 'lasso')),
    toggleBox: () => setMode((m) => (m === 'box' ? 'pan' : 'box')),
  });

  const act = async (fn: () => Promise<void>) => {
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const selectTheme = (value: string) => {
    const theme = points?.attributes.theme;
    const code = theme ? theme.values.indexOf(value) : -1;
    if (!points || !theme || code < 0) return;
    const pool = shown ?? Array.from({ length: points.n }, (_, i) => i);
    setSelection(pool.filter((i) => theme.codes[i] === code));
  };
  const exportPng = () => act(async () => {
    if (!handle.current) throw new Error('The map is not drawn yet');
    const placed = norm && layer?.kind === 'points' ? placeFor(themeLabels, norm, view.current, hiddenThemes) : [];
    const blob = await handle.current.toPng((ctx, scale) => paintLabels(ctx, placed, scale),
      contours && view.current && layer?.kind === 'points' ? (ctx, scale) => paintContours(ctx, contours, view.current!, scale) : undefined);
    download(`map-${projectionId ?? 'preview'}.png`, blob);
  });
  const exportCsv = () => {
    if (points) download(`map-${points.projectionId}-points.csv`, new Blob([rowsToCsv(pointRows(points, shown))], { type: 'text/csv' }));
  };
  const exportLabels = labels.data ? () => {
    download(`map-${labels.data!.projectionId}-labels.json`, new Blob([JSON.stringify(labels.data, null, 2) + '\n'], { type: 'application/json' }));
  } : null;

  return (
    <div className="page map-page" data-testid="map-page">
      <div className="page-head">
        <h1>Map</h1>
        <p className="muted">Every sentence unit of an embedding set as a point, laid out by UMAP. Lasso (Shift-drag, or L) or box (B) to select; Esc clears.</p>
      </div>
      <section className="card" data-testid="map-projections-card">
        <h2>Projections</h2>
        {projections.error && <div className="alert alert-error">{projections.error}</div>}
        {projections.data && (
          <ProjectionPicker projections={list} selected={projectionId} busy={false} onSelect={setProjectionId}
            onDelete={(p) => window.confirm(`Delete projection ${p.label ?? p.id}?`) && void act(async () => {
              await api.call('map-projection-delete', { id: p.id });
              setBump((n) => n + 1);
            })} />
        )}
        {job && <JobProgress job={job} onCancel={(id) => void jobs.cancel(id)} />}
        <NewProjection revision={revision + bump} onStarted={(s) => {
          setError(null);
          setRun({ projectionId: s.projectionId, jobId: s.jobId });
          setBump((n) => n + 1);
        }} />
        {error && <div className="alert alert-error top-gap" data-testid="map-error">{error}</div>}
      </section>
      {(layer || pointsQuery.loading) && (
        <section className="card map-card">
          <MapToolbar colour={colour} onColour={(c) => setColour((prev) => ({ ...prev, ...c }))} models={doneModels} scoreSets={info?.scoreSets ?? []}
            coders={(coders.data?.coders ?? []).map((c) => c.name).filter((c) => c !== CONSENSUS_CODER)} contours={contoursOn} onContours={setContoursOn}
            mode={mode} onMode={setMode} onReset={() => handle.current?.resetView()} onPng={() => void exportPng()} onCsv={exportCsv} onLabelsJson={exportLabels} />
          {pointsQuery.error && <div className="alert alert-error">{pointsQuery.error}</div>}
          {codesQuery.error && <div className="alert alert-error" data-testid="map-codes-error">{codesQuery.error}</div>}
          <div className={'map-body' + (selection.length ? ' with-selection' : '')}>
            {points && encoding
              ? <MapSidebar points={points} shownCount={shownCount} facets={facets} onFacets={setFacets} scoreSets={info?.scoreSets ?? []} encoding={encoding} hidden={hidden} onHidden={setHidden} />
              : <aside className="map-side" />}
            {layer ? (
              <MapView layer={layer} selection={selection} mode={mode} labels={themeLabels} hiddenLabels={hiddenThemes} themeModelId={colour.themeModelId}
                codeScope={codeScope} contours={contours} onSelect={setSelection} onLabel={selectTheme} onView={onView} handle={handle} />
            ) : <div className="center-state"><div className="spinner" /> Loading the points…</div>}
            {selection.length > 0 && points && (
              <SelectionPanel projectionId={points.projectionId} indices={selection} themeModelId={colour.themeModelId}
                codeScope={codeScope} codeRevision={codeRevision} onCoded={() => setCodeRevision((n) => n + 1)}
                conversationIds={() => conversationsOf(points, selection)} onClear={clear} />
            )}
          </div>
        </section>
      )}
      {points && encoding && !run && <SmallMultiples points={points} shown={shown} encoding={encoding} />}
    </div>
  );
}
