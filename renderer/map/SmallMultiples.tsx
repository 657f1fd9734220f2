import * as Plot from '@observablehq/plot';
import { useEffect, useMemo, useRef } from 'react';
import type { MapPoints } from '../../main/api/contract/index.js';
import { humanize } from '../api/format.js';
import type { Encoding } from './encoding.js';

/** Points per chart: SVG dots beyond this make the page slow and add nothing at this size. */
const MAX_DOTS = 12_000;
const PANEL_PX = 170;

interface Dot { x: number; y: number; condition: string; round: string; color: string }

/** An evenly spaced subset of the shown points, so every panel keeps its share. */
function sample(p: MapPoints, shown: number[] | null, enc: Encoding): Dot[] {
  const idx = shown ?? Array.from({ length: p.n }, (_, i) => i);
  const step = Math.max(1, idx.length / MAX_DOTS);
  const { condition, round } = p.attributes;
  const out: Dot[] = [];
  for (let k = 0; k < idx.length; k += step) {
    const i = idx[Math.floor(k)];
    const c = condition.codes[i];
    const r = round.codes[i];
    if (c < 0 || r < 0) continue;
    out.push({ x: p.x[i], y: p.y[i], condition: condition.values[c], round: round.values[r], color: enc.colors[enc.values[i]] ?? enc.colors[0] });
  }
  return out;
}

/**
 * "Pre vs post": the same map once per condition (columns) and round (rows), coloured as the main view, so a shift
 * in where a condition's supporters write after training shows as a change down a column.
 */
export function SmallMultiples({ points, shown, encoding }: { points: MapPoints; shown: number[] | null; encoding: Encoding }) {
  const ref = useRef<HTMLDivElement>(null);
  const dots = useMemo(() => sample(points, shown, encoding), [points, shown, encoding]);
  useEffect(() => {
    const host = ref.current;
    if (!host) return;
    const conditions = points.attributes.condition.values;
    const rounds = points.attributes.round.values;
    if (!dots.length || !conditions.length || !rounds.length) {
      host.replaceChildren();
      return;
    }
    const b = points.bounds;
    const plot = Plot.plot({
      width: 60 + conditions.length * PANEL_PX,
      height: 40 + rounds.length * PANEL_PX,
      marginLeft: 10, marginRight: 50, marginTop: 30, marginBottom: 10,
      x: { domain: [b.xMin, b.xMax], axis: null },
      y: { domain: [b.yMin, b.yMax], axis: null },
      fx: { domain: conditions, label: null, tickFormat: (c: string) => humanize(c), axis: 'top' },
      fy: { domain: rounds, label: 'Round', tickFormat: (r: string) => `round ${r}`, axis: 'right' },
      color: { type: 'identity' },
      marks: [
        Plot.frame({ stroke: '#e2e5ea' }),
        Plot.dot(dots, { x: 'x', y: 'y', fx: 'condition', fy: 'round', fill: 'color', r: 0.9, stroke: null }),
      ],
    });
    host.replaceChildren(plot);
  }, [dots, points]);
  return (
    <section className="card map-multiples" data-testid="map-small-multiples">
      <h2>Pre vs post: the map by condition and round</h2>
      <p className="muted small">Each panel is the same projection restricted to one condition (columns) and round (rows); {dots.length < (shown?.length ?? points.n) ? `an even sample of ${dots.length.toLocaleString('en-US')} points` : 'every shown point'}.</p>
      <div ref={ref} className="plot-host" />
    </section>
  );
}
