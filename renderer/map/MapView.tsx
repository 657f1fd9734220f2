import { useState, type RefObject } from 'react';
import type { MapPoints } from '../../main/api/contract/index.js';
import { fmtInt } from '../api/format.js';
import type { Encoding, Normalised } from './encoding.js';
import type { PlacedLabel } from './labels.js';
import { MapTooltip } from './MapTooltip.js';
import { PointCloud, type PointCloudHandle, type PointerMode, type ViewInfo } from './PointCloud.js';

/** What the canvas draws: a finished projection's points with their encoding, or a running one's latest frame. */
export type MapLayer =
  | { kind: 'points'; points: MapPoints; norm: Normalised; encoding: Encoding; shown: number[] | null }
  | { kind: 'preview'; norm: Normalised; epoch: number; epochs: number };

const PREVIEW_COLORS = ['#4e79a7'];
/**
 * Above this many points the plot draws squares without alpha blending (regl-scatterplot's performance mode): on
 * SwiftShader it cut the frame time while panning 300,000 points by about 30% (BENCHMARKS.md, map view).
 */
export const FAST_ABOVE = 200_000;

/** The point cloud with the theme labels over it (placed by the page through the plot's camera) and the hover tooltip. */
export function MapView({ layer, selection, mode, placed, themeModelId, onSelect, onLabel, onView, handle }: {
  layer: MapLayer; selection: number[]; mode: PointerMode; placed: PlacedLabel[]; themeModelId: string | null;
  onSelect: (indices: number[]) => void; onLabel: (value: string) => void; onView: (v: ViewInfo) => void; handle: RefObject<PointCloudHandle | null>;
}) {
  const [hover, setHover] = useState<{ index: number; at: [number, number] } | null>(null);
  const norm = layer.norm;

  return (
    <div className="map-view" data-testid="map-view" data-layer={layer.kind}>
      <PointCloud
        key={norm.x.length > FAST_ABOVE ? 'fast' : 'fine'}
        fast={norm.x.length > FAST_ABOVE}
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
        <div className="map-epoch" data-testid="map-preview-epoch" data-epoch={layer.epoch}>epoch {layer.epoch} of {layer.epochs}</div>
      )}
      {hover && layer.kind === 'points' && <MapTooltip points={layer.points} index={hover.index} at={hover.at} themeModelId={themeModelId} />}
    </div>
  );
}
