// The map's PointCloud alone, full window, on seeded synthetic clusters (the bench page bench/map-view.bench.ts
// bundles and drives). Query: ?n=300000. Sets window.__bench once the points are drawn.
import { createRoot } from 'react-dom/client';
import { mulberry32 } from '../../main/analysis/random.js';
import { PointCloud } from '../../renderer/map/PointCloud.js';

declare global {
  interface Window { __bench?: { n: number; drawnMs: number } }
}

const query = new URLSearchParams(location.search);
const n = Number(query.get('n') ?? 300_000);
const fast = query.get('fast') === '1';
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

const root = document.getElementById('root')!;
root.style.cssText = 'position:fixed;inset:0';
createRoot(root).render(
  <div style={{ position: 'absolute', inset: 0 }}>
    <PointCloud x={x} y={y} values={values} colors={colors} shown={null} selection={[]} mode="pan" fast={fast} onSelect={() => {}}
      onView={() => {
        if (drawn) return;
        drawn = true;
        window.__bench = { n, drawnMs: performance.now() - t0 };
      }} />
  </div>,
);
