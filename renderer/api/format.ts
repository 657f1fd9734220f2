// Small display helpers shared by every view.

const nf = new Intl.NumberFormat('en-US');

export function fmtInt(n: number | null | undefined): string {
  return n == null ? '—' : nf.format(n);
}

export function fmtScore(n: number | null | undefined): string {
  if (n == null || Number.isNaN(n)) return '—';
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

export function fmtMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** "passed_over_promotion" -> "Passed over promotion" */
export function humanize(key: string | null | undefined): string {
  if (key == null || key === '') return '—';
  const s = String(key).replace(/[_-]+/g, ' ').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function fmtValue(v: unknown): string {
  if (v == null) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? nf.format(v) : v.toFixed(2);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * Shortens a long id in the middle ("20241031-p0042-r2-8812" -> "20241031…8812"): study ids share long
 * prefixes (a date, a site) and differ at the end, so cutting the end would make rows look identical.
 */
export function middleEllipsis(id: string, max = 14): string {
  if (id.length <= max) return id;
  const tail = Math.max(1, Math.floor((max - 1) / 2));
  const head = max - 1 - tail;
  return `${id.slice(0, head)}\u2026${id.slice(id.length - tail)}`;
}
