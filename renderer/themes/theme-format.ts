// Display and export helpers of the theme browser (pure).
import type { ThemeRow, ThemeShift } from '../../main/api/contract/index.js';
import { rowsToCsv } from '../../main/figures/index.js';

export const pct = (x: number | null | undefined, digits = 1): string => (x == null || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(digits)}%`);
export const num = (x: number | null | undefined, digits = 3): string => (x == null || !Number.isFinite(x) ? '–' : x.toFixed(digits));
export const fmtQ = (q: number): string => (q < 0.001 ? '<0.001' : q.toFixed(3));

/** The theme's name in lists: its description, or "L17 — no description yet". */
export const themeName = (t: { label: string; description: string | null }): string => t.description ?? `${t.label} — no description yet`;

/** The shift with the smallest q (the one worth showing in a one-line row), or null. */
export function strongestShift(shifts: ThemeShift[]): ThemeShift | null {
  return shifts.reduce<ThemeShift | null>((best, s) => (!best || s.q < best.q ? s : best), null);
}

export const shiftArrow = (s: ThemeShift): string => (s.diff > 0 ? '▲' : s.diff < 0 ? '▼' : '■');

/** The theme table as the user sees it, one row per theme (the strongest shift per theme; all scenario types in shift_all). */
export function themesCsv(themes: ThemeRow[]): string {
  return rowsToCsv(themes.map((t) => {
    const s = strongestShift(t.shifts);
    return {
      latent: t.latent, label: t.label, description: t.description ?? '', description_source: t.descriptionSource ?? '',
      count_top1: t.countTop1, share_top1: t.shareTop1, count_any: t.countAny, share_any: t.shareAny,
      top_sentence: t.topSentences[0]?.text ?? '',
      shift_scenario_type: s?.scenarioType ?? '', shift_pre: s?.pre ?? null, shift_post: s?.post ?? null, shift_diff: s?.diff ?? null, shift_q: s?.q ?? null,
    };
  }));
}
