import { DIMENSION_LABELS, PROSCRIPTIVE, type Dimension } from '../../main/domain/study.js';

const SHORT: Record<string, string> = {
  encouraging_elaboration: 'Elab',
  validating_emotions: 'Valid',
  demonstrating_understanding: 'Undst',
  advice_giving: 'Adv',
  self_oriented: 'Self',
  dismissing_emotions: 'Dism',
};

const MEDIUM: Record<string, string> = {
  encouraging_elaboration: 'Elaboration',
  validating_emotions: 'Validation',
  demonstrating_understanding: 'Understanding',
  advice_giving: 'Advice giving',
  self_oriented: 'Self-oriented',
  dismissing_emotions: 'Dismissing',
};

/** A label that fits a narrow column: "Validation" for validating_emotions. */
export function dimensionMedium(d: string): string {
  return MEDIUM[d] ?? dimensionLabel(d);
}

export function dimensionLabel(d: string): string {
  return DIMENSION_LABELS[d as Dimension] ?? d.replace(/[_-]+/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

export function dimensionShort(d: string): string {
  return SHORT[d] ?? (d.length > 7 ? d.slice(0, 6) + '…' : d);
}

/** Proscriptive dimensions count against the overall score; shown in a warm tint. */
export function isProscriptive(d: string): boolean {
  return (PROSCRIPTIVE as readonly string[]).includes(d);
}

/** Canonical order: the study's prescriptive then proscriptive dimensions, then any others by name. */
export function orderDimensions(dims: string[]): string[] {
  const known = Object.keys(SHORT);
  return [...dims].sort((a, b) => {
    const ia = known.indexOf(a), ib = known.indexOf(b);
    if (ia >= 0 && ib >= 0) return ia - ib;
    if (ia >= 0) return -1;
    if (ib >= 0) return 1;
    return a.localeCompare(b);
  });
}
