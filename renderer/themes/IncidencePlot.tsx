import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';
import type { ThemeIncidenceCell } from '../../main/api/contract/index.js';
import { pct } from './theme-format.js';

/** Incidence by condition × round: the share of each cell's sentence units where the theme fires (a small Plot). */
export function IncidencePlot({ cells }: { cells: ThemeIncidenceCell[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const host = ref.current;
    if (!host) return;
    const data = cells.filter((c) => c.round != null).map((c) => ({ ...c, condition: c.condition ?? '(none)' }));
    const plot = Plot.plot({
      height: 200, width: 420, marginLeft: 48,
      x: { label: 'Round', tickFormat: 'd', ticks: [...new Set(data.map((d) => d.round))] },
      y: { label: 'Share of units', tickFormat: '%', grid: true, zero: true },
      color: { legend: true },
      marks: [
        Plot.line(data, { x: 'round', y: 'share', stroke: 'condition' }),
        Plot.dot(data, { x: 'round', y: 'share', stroke: 'condition', fill: 'condition', tip: true,
          title: (d: ThemeIncidenceCell) => `${d.condition ?? '(none)'}, round ${d.round}: ${d.count} of ${d.units} units (${pct(d.share)})` }),
      ],
    });
    host.replaceChildren(plot);
  }, [cells]);
  return <div ref={ref} className="plot-host" data-testid="theme-incidence-plot" />;
}
