import { useMemo, useState, type RefObject } from 'react';
import type { MapCodeScope, MapPoints, MapThemeLabel } from '../../main/api/contract/index.js';
import { fmtInt } from '../api/format.js';
import { ContourLayer } from './ContourLayer.js';
import type { DensityContour } from './contours.js';
import { openSentence } from '../themes/open-sentence.js';
import type { Encoding, Normalised } from './encoding.js';
import { placeLabels, type PlacedLabel } from './labels.js';
import { MapTooltip } from './MapTooltip.js';
import { PointCloud, type PointCloudHandle, type PointerMode, type ViewInfo } from './PointCloud.js';

/** What the canvas draws: a finished projection's points with their encoding, or a running one's latest frame. */
export type MapLayer =
  | { kind: 'points'; points: MapPoints; norm: Normalised; encoding: Encoding; shown: number[] | null }
  | { kind: 'preview'; norm: Normalised; epoch: number; epochs: number; preliminary: boolean };

const PREVIEW_COLORS = ['#4e79a7'];

/** Theme labels placed for a view: projection coordinates through the normalisation and the plot's camera. */
export function placeFor(labels: MapThemeLabel[], norm: Normalised, view: ViewInfo | null, hidden: ReadonlySet<string>): PlacedLabel[] {
  if (!view || !labels.length) return [];
  return placeLabels(labels, (x, y) => view.toScreen(...norm.toNdc(x, y)), view.width, view.height, hidden);
}

/**
 * The point cloud with the theme labels over it (placed through the plot's camera) and the hover tooltip. The view
 * state lives here, so panning re-renders this component only, not the page and its side panels.
 */
export function MapView({ layer, selection, mode, labels, hiddenLabels, themeModelId, codeScope, contours, onSelect, onLabel, onView, handle }: {
  layer: MapLayer; selection: number[]; mode: PointerMode; labels: MapThemeLabel[]; hiddenLabels: ReadonlySet<string>; themeModelId: string | null;
  /** The code scope the map is coloured by, for the tooltip's codes; null when not colouring by code. */
  codeScope: MapCodeScope | null;
  /** Density contours drawn under the points; null: off. */
  contours: DensityContour[] | null;
  onSelect: (indices: number[]) => void; onLabel: (value: string) => void; onView: (v: ViewInfo) => void; handle: RefObject<PointCloudHandle | null>;
}) {
  const [hover, setHover] = useState<{ index: number; at: [number, number] } | null>(null);
  const [view, setView] = useState<ViewInfo | null>(null);
  const norm = layer.norm;
  const placed = useMemo(() => (layer.kind === 'points' ? placeFor(labels, norm, view, hiddenLabels) : []), [layer.kind, labels, norm, view, hiddenLabels]);

  return (
    <div className="map-view" data-testid="map-view" data-layer={layer.kind} onDoubleClick={() => {
      if (!hover || layer.kind !== 'points') return;
      const p = layer.points;
      openSentence({ conversationId: p.conversations[p.conversation[hover.index]], turn: p.turn[hover.index], sentenceIndex: p.sentenceIndex[hover.index] });
    }}>
      {contours && layer.kind === 'points' && <ContourLayer contours={contours} view={view} />}
      <PointCloud
        x={norm.x}
        y={norm.y}
        values={layer.kind === 'points' ? layer.encoding.values : null}
        colors={layer.kind === 'points' ? layer.encoding.colors : PREVIEW_COLORS}
        shown={layer.kind === 'points' ? layer.shown : null}
        selection={layer.kind === 'points' ? selection : []}
        mode={mode}
        animate={layer.kind === 'preview'}
        onSelect={(s) => layer.kind === 'points' && onSelect(s)}
        onHover={(i) => {
          const at = i == null ? null : handle.current?.screenPosition(i);
          setHover(i == null || !at ? null : { index: i, at });
        }}
        onView={(v) => {
          setHover(null);
          setView(v);
          onView(v);
        }}
        handle={handle}
      />
      {layer.kind === 'points' && (
        <div className="map-labels" data-testid="map-labels" data-count={placed.length}>
          {placed.map((l) => (
            <button key={l.value} className="map-label" style={{ left: l.left, top: l.top }} onClick={() => onLabel(l.value)}
              title={`${l.text}: ${fmtInt(l.count)} sentences (click to select them)`} data-testid="map-label" data-value={l.value}>{l.text}</button>
          ))}
        </div>
      )}
      {layer.kind === 'preview' && (
        <div className="map-epoch" data-testid="map-preview-epoch" data-epoch={layer.epoch} data-preliminary={layer.preliminary}>
          {/* The first frame is a quick 2-D picture of a sample (principal directions), not yet a UMAP layout. */}
          {layer.preliminary ? 'preliminary picture (PCA of a sample) · finding neighbours…' : `epoch ${layer.epoch} of ${layer.epochs}`}
        </div>
      )}
      {hover && layer.kind === 'points' && <MapTooltip points={layer.points} index={hover.index} at={hover.at} themeModelId={themeModelId} codeScope={codeScope} />}
    </div>
  );
}
