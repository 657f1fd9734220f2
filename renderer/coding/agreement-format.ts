// Number formats of the agreement view, and the figures link of a coding labelling.
export const pct = (x: number | null | undefined): string => (x == null || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(1)}%`);
export const coef = (x: number | null | undefined): string => (x == null || !Number.isFinite(x) ? '–' : x.toFixed(3));

/** The figures page's Fig. 2B panel with a coding labelling chosen; its codes are already the level, so no roll-up. */
export function shiftFigureHref(labelling: string): string {
  return `#/figures/shifts?${new URLSearchParams({ labelling, level: 'category' }).toString()}`;
}
