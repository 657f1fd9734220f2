// Number formatting shared by figures, tables and the CLI: fixed decimals as the paper prints them, p-values with
// thresholds, significance stars, labels of dimensions, conditions and terms.

import type { AnalysisProvenance } from '../api/contract/index.js';
import { DIMENSION_LABELS, type Dimension } from '../domain/study.js';

export function fixed(x: number | null | undefined, digits = 3): string {
  if (x == null || Number.isNaN(x)) return '–';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const s = x.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** p as in the paper's tables: "<0.001" below 0.001, else three decimals. */
export function pValue(p: number | null | undefined): string {
  if (p == null || Number.isNaN(p)) return '–';
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

/** p for tooltips: full precision in scientific notation when tiny. */
export function pExact(p: number | null | undefined): string {
  if (p == null || Number.isNaN(p)) return '–';
  return p < 1e-4 ? p.toExponential(2) : p.toPrecision(3);
}

export function stars(p: number | null | undefined): string {
  if (p == null || Number.isNaN(p)) return '';
  return p < 0.001 ? '***' : p < 0.01 ? '**' : p < 0.05 ? '*' : '';
}

export function ci(c: [number, number] | null | undefined, digits = 3): string {
  return c ? `[${fixed(c[0], digits)}, ${fixed(c[1], digits)}]` : '–';
}

export function pct(x: number | null | undefined, digits = 1): string {
  return x == null || Number.isNaN(x) ? '–' : `${(100 * x).toFixed(digits)}%`;
}

export function dimensionLabel(d: string): string {
  if (d === 'overall') return 'Overall';
  return DIMENSION_LABELS[d as Dimension] ?? d.replace(/[_-]+/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

const CONDITION_LABELS: Record<string, string> = { control: 'Control', video: 'Video instruction', coach: 'AI coach', combined: 'Combined training' };
export function conditionLabel(c: string): string {
  return CONDITION_LABELS[c] ?? c.replace(/[_-]+/g, ' ').replace(/^./, (x) => x.toUpperCase());
}

export function scenarioLabel(s: string): string {
  return s.replace(/[_-]+/g, ' ').replace(/^./, (x) => x.toUpperCase());
}

/** "video:post" -> "Video instruction × post". */
export function termLabel(t: string, reference = 'control', baseline = 1): string {
  if (t === 'intercept') return `Intercept (${conditionLabel(reference)}, round ${baseline})`;
  if (t === 'post') return 'Post-baseline';
  if (t.endsWith(':post')) return `${conditionLabel(t.slice(0, -5))} × post`;
  return `${conditionLabel(t)} (vs ${conditionLabel(reference)})`;
}

export const TRAIT_LABELS: Record<string, string> = { jordan_empathy: 'Jordan empathy', sites: 'SITES' };
export function traitLabel(t: string): string {
  return TRAIT_LABELS[t] ?? t;
}

export function selfItemLabel(item: string): string {
  return item.replace(/[_-]+/g, ' ').replace(/^./, (x) => x.toUpperCase());
}

function paramValue(v: unknown): string {
  if (Array.isArray(v)) return v.join(',');
  if (v && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** One line under every figure and table: study, score set, parameters, app version. */
export function provenanceLine(p: AnalysisProvenance, keys?: string[]): string {
  const params = Object.entries(p.parameters)
    .filter(([k, v]) => v !== null && v !== undefined && (!keys || keys.includes(k)))
    .map(([k, v]) => `${k}=${paramValue(v)}`)
    .join('; ');
  return [
    `Study: ${p.study}${p.simulated ? ' [SIMULATED DATA]' : ''}`,
    p.scoreSet ? `score set: ${p.scoreSet}` : null,
    params ? `${p.analysis}: ${params}` : p.analysis,
    `Empathy Workbench ${p.appVersion}`,
  ].filter(Boolean).join(' · ');
}
