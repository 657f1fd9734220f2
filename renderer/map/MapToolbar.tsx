import { CONSENSUS_CODER, type MapCodeScope, type ScoreSetInfo, type ThemeModelSummary } from '../../main/api/contract/index.js';
import { COLOR_BYS, type ColorBy } from './encoding.js';
import type { PointerMode } from './PointCloud.js';

/** `codeCoder` null: the study's codes (consensus where resolved, else every coder's); `codeDepth` null: codes as assigned. */
export interface ColourChoice {
  colorBy: ColorBy; themeModelId: string | null; scoreSetId: string | null; dimension: string | null;
  codeCoder: string | null; codeDepth: 1 | 2 | null;
}

/** The code scope of a colour choice (map-points' `codes`), or null when it is not by code. */
export function codeScopeOf(c: ColourChoice): MapCodeScope | null {
  if (c.colorBy !== 'code') return null;
  return { ...(c.codeCoder ? { coder: c.codeCoder } : {}), ...(c.codeDepth ? { depth: c.codeDepth } : {}) };
}

const MODES: { mode: PointerMode; label: string; title: string }[] = [
  { mode: 'pan', label: 'Pan', title: 'Drag pans, the wheel zooms; Shift-drag lassos' },
  { mode: 'lasso', label: 'Lasso', title: 'Drag a freeform lasso (L)' },
  { mode: 'box', label: 'Box', title: 'Drag a rectangle (B)' },
];

const COLOR_LABELS: Record<ColorBy, string> = { theme: 'theme', code: 'code', condition: 'condition', round: 'round', scenario: 'scenario', score: 'a score', none: 'nothing' };

function modelName(m: ThemeModelSummary): string {
  return `${m.label ?? m.modelId} · M=${m.latents} K=${m.k} · ${m.scenarioType}`;
}

/** Colour, pointer mode, view reset and exports above the map. */
export function MapToolbar({ colour, onColour, models, scoreSets, coders, contours, onContours, mode, onMode, onReset, onPng, onCsv, onLabelsJson }: {
  colour: ColourChoice; onColour: (c: Partial<ColourChoice>) => void;
  models: ThemeModelSummary[]; scoreSets: ScoreSetInfo[];
  /** Named coders (the consensus is offered apart). */
  coders: string[];
  contours: boolean; onContours: (on: boolean) => void;
  mode: PointerMode; onMode: (m: PointerMode) => void;
  onReset: () => void; onPng: () => void; onCsv: () => void; onLabelsJson: (() => void) | null;
}) {
  const set = scoreSets.find((s) => s.id === colour.scoreSetId) ?? null;
  return (
    <div className="map-toolbar row gap wrap" data-testid="map-toolbar">
      <label className="field">Colour by{' '}
        <select className="input" value={colour.colorBy} onChange={(e) => onColour({ colorBy: e.target.value as ColorBy })} data-testid="map-color-by">
          {COLOR_BYS.map((c) => <option key={c} value={c}>{COLOR_LABELS[c]}</option>)}
        </select>
      </label>
      <label className="field" title="Theme model: colours by theme and places the theme labels">Themes{' '}
        <select className="input" value={colour.themeModelId ?? ''} onChange={(e) => onColour({ themeModelId: e.target.value || null })} data-testid="map-theme-model">
          <option value="">none</option>
          {models.map((m) => <option key={m.modelId} value={m.modelId}>{modelName(m)}</option>)}
        </select>
      </label>
      {colour.colorBy === 'code' && (
        <>
          <label className="field" title="Whose codes colour the points">Codes of{' '}
            <select className="input" value={colour.codeCoder ?? ''} onChange={(e) => onColour({ codeCoder: e.target.value || null })} data-testid="map-code-coder">
              <option value="">the study (consensus, else every coder)</option>
              {[...coders, CONSENSUS_CODER].map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          </label>
          <label className="field" title="Colour by the code as assigned, or by its ancestor at level 1 or 2">Level{' '}
            <select className="input" value={colour.codeDepth ?? ''} data-testid="map-code-depth"
              onChange={(e) => onColour({ codeDepth: e.target.value === '1' ? 1 : e.target.value === '2' ? 2 : null })}>
              <option value="">as assigned</option>
              <option value="1">level 1</option>
              <option value="2">level 2</option>
            </select>
          </label>
        </>
      )}
      {colour.colorBy === 'score' && (
        <>
          <label className="field">Score set{' '}
            <select className="input" value={colour.scoreSetId ?? ''} data-testid="map-score-set"
              onChange={(e) => onColour({ scoreSetId: e.target.value || null, dimension: scoreSets.find((s) => s.id === e.target.value)?.dimensions[0] ?? null })}>
              <option value="">choose…</option>
              {scoreSets.map((s) => <option key={s.id} value={s.id} title={s.id}>{s.label ?? s.rater}</option>)}
            </select>
          </label>
          {set && (
            <label className="field">Dimension{' '}
              <select className="input" value={colour.dimension ?? ''} onChange={(e) => onColour({ dimension: e.target.value })} data-testid="map-score-dimension">
                {set.dimensions.map((d) => <option key={d} value={d}>{d}</option>)}
              </select>
            </label>
          )}
        </>
      )}
      <div className="segmented" role="group" aria-label="Pointer mode">
        {MODES.map((m) => (
          <button key={m.mode} className={mode === m.mode ? 'on' : ''} aria-pressed={mode === m.mode} title={m.title}
            onClick={() => onMode(m.mode)} data-testid={`map-mode-${m.mode}`}>{m.label}</button>
        ))}
      </div>
      <label className="check" title="Density contours of the shown points, under them">
        <input type="checkbox" checked={contours} onChange={(e) => onContours(e.target.checked)} data-testid="map-contours-toggle" /> Density
      </label>
      <span className="grow" />
      <button className="btn btn-small" onClick={onReset} data-testid="map-reset-view">Reset view</button>
      <button className="btn btn-small" onClick={onPng} data-testid="map-export-png">PNG</button>
      <button className="btn btn-small" onClick={onCsv} data-testid="map-export-csv" title="The plotted (shown) points with their attributes">Points CSV</button>
      {onLabelsJson && <button className="btn btn-small" onClick={onLabelsJson} data-testid="map-export-labels" title="Theme label positions and the map's bounds">Labels JSON</button>}
    </div>
  );
}
