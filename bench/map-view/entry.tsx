// The map's PointCloud alone, full window, on seeded synthetic clusters (the bench page bench/map-view.bench.ts
// bundles and drives, and tests/e2e/map-motion.e2e.test.ts). Query: ?n=300000&fast=0&lod=1 (lod=0: always the full
// set; lodAbove, lodSample, lodScale, lodSettle override DEFAULT_MOTION_LOD). Sets window.__bench once the points
// are drawn; window.__map exposes the selection, the hovered point and the plot's handle to the tests.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { mulberry32 } from '../../main/analysis/random.js';
import { DEFAULT_MOTION_LOD, type MotionLod } from '../../renderer/map/motion.js';
import { PointCloud, type PointCloudHandle, type PointerMode } from '../../renderer/map/PointCloud.js';
// The app's sizing of the canvas host (absolute, filling its parent): without it the host grows with its canvas.
import '../../renderer/map/map.css';

declare global {
  interface Window {
    __bench?: { n: number; drawnMs: number };
    /** When set (the bench), each new view's time: the intervals are the frame time a moving map is seen at. */
    __views?: number[];
    __map?: { x: Float32Array; y: Float32Array; lod: MotionLod | null; selection: number[]; hovered: number | null; handle: PointCloudHandle | null; setMode: (m: PointerMode) => void };
  }
}

const query = new URLSearchParams(location.search);
const n = Number(query.get('n') ?? 300_000);
const fast = query.get('fast') === '1';
const num = (key: string, fallback: number) => (query.has(key) ? Number(query.get(key)) : fallback);
const lod: MotionLod | null = query.get('lod') === '0' ? null : {
  above: num('lodAbove', DEFAULT_MOTION_LOD.above), sample: num('lodSample', DEFAULT_MOTION_LOD.sample),
  scale: num('lodScale', DEFAULT_MOTION_LOD.scale), settleMs: num('lodSettle', DEFAULT_MOTION_LOD.settleMs),
};
const CLUSTERS = 40;
const rand = mulberry32(2026);
const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const cx = Array.from({ length: CLUSTERS }, () => rand() * 1.6 - 0.8);
const cy = Array.from({ length: CLUSTERS }, () => rand() * 1.6 - 0.8);
const x = new Float32Array(n), y = new Float32Array(n), values = new Float32Array(n);
for (let i = 0; i < n; i++) {
  const c = i % CLUSTERS;
  x[i] = Math.max(-1, Math.min(1, cx[c] + gauss() * 0.06));
  y[i] = Math.max(-1, Math.min(1, cy[c] + gauss() * 0.06));
  values[i] = c;
}
const palette = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#17becf'];
const colors = Array.from({ length: CLUSTERS }, (_, i) => palette[i % palette.length]);
const t0 = performance.now();
let drawn = false;
const state: NonNullable<Window['__map']> = { x, y, lod, selection: [], hovered: null, handle: null, setMode: () => {} };
window.__map = state;

function Bench() {
  const [selection, setSelection] = useState<number[]>([]);
  const [mode, setMode] = useState<PointerMode>('pan');
  state.setMode = setMode;
  return (
    <div style={{ position: 'absolute', inset: 0 }}>
      <PointCloud x={x} y={y} values={values} colors={colors} shown={null} selection={selection} mode={mode} fast={fast} lod={lod}
        handle={(h) => { state.handle = h; }}
        onSelect={(s) => { state.selection = s; setSelection(s); }}
        onHover={(i) => { state.hovered = i; }}
        onView={() => {
          window.__views?.push(performance.now());
          if (drawn) return;
          drawn = true;
          window.__bench = { n, drawnMs: performance.now() - t0 };
        }} />
    </div>
  );
}

const root = document.getElementById('root')!;
root.style.cssText = 'position:fixed;inset:0';
createRoot(root).render(<Bench />);
