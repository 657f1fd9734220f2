import { useEffect, useRef } from 'react';
import type { ConversationFilter } from '../../main/api/contract/index.js';
import { renderPlot, type FigureSpec } from '../../main/figures/index.js';

type Pointed = { filter?: ConversationFilter; filterLabel?: string } | null | undefined;

/**
 * The interactive Plot (tips with exact numbers come from each mark's `title`). A click on a mark whose datum carries
 * a conversation filter opens the explorer on those conversations.
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
    const plot = renderPlot(spec, document) as (SVGSVGElement | HTMLElement) & { value?: Pointed };
    host.replaceChildren(plot);
    const onInput = () => {
      plot.style.cursor = plot.value?.filter ? 'pointer' : '';
    };
    const onClick = () => {
      const v = plot.value;
      if (v?.filter) explore.current(v.filter, v.filterLabel ?? 'figure selection');
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
