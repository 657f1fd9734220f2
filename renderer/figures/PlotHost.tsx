import { useEffect, useRef } from 'react';
import type { ConversationFilter } from '../../main/api/contract/index.js';
import { renderPlot, type FigureSpec } from '../../main/figures/index.js';
import { markTarget } from './mark-target.js';

/**
 * The interactive Plot (tips with exact numbers come from each mark's `title`). A click on a mark opens the explorer
 * on the conversations behind it (see markTarget: one datum's filter, or a group's conversations).
 */
export function PlotHost({ spec, onExplore }: { spec: FigureSpec; onExplore: (filter: ConversationFilter, label: string) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const explore = useRef(onExplore);
  explore.current = onExplore;
  useEffect(() => {
    const host = ref.current;
    if (!host) return;
    if (spec.empty) {
      host.replaceChildren();
      return;
    }
    const plot = renderPlot(spec, document) as (SVGSVGElement | HTMLElement) & { value?: unknown };
    host.replaceChildren(plot);
    const onInput = () => {
      plot.style.cursor = markTarget(plot.value) ? 'pointer' : '';
    };
    const onClick = () => {
      const target = markTarget(plot.value);
      if (target) explore.current(target.filter, target.label);
    };
    plot.addEventListener('input', onInput);
    plot.addEventListener('click', onClick);
    return () => {
      plot.removeEventListener('input', onInput);
      plot.removeEventListener('click', onClick);
    };
  }, [spec]);
  return (
    <div className="plot-host" data-testid="plot-host" data-figure={spec.id}>
      <div ref={ref} />
      {spec.empty && <p className="muted" data-testid="figure-empty">{spec.empty}</p>}
    </div>
  );
}
