// Descriptive statistics over plain arrays (numpy conventions noted per function).

/** Arithmetic mean (numpy.mean); NaN for an empty array. */
export function mean(x: ArrayLike<number>): number {
  if (x.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Sample variance with ddof (numpy.var(x, ddof=ddof)), two-pass for accuracy; NaN if n <= ddof. */
export function variance(x: ArrayLike<number>, ddof = 1): number {
  const n = x.length;
  if (n <= ddof) return NaN;
  const m = mean(x);
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    s += d * d;
    c += d;
  }
  return (s - (c * c) / n) / (n - ddof);
}

/** Sample standard deviation with ddof (numpy.std(x, ddof=ddof); pandas .std() is ddof = 1). */
export function sd(x: ArrayLike<number>, ddof = 1): number {
  return Math.sqrt(variance(x, ddof));
}

/** Median (numpy.median: mean of the two middle values for even n); NaN for an empty array. */
export function median(x: ArrayLike<number>): number {
  return quantile(x, 0.5);
}

/** Quantile by linear interpolation between order statistics (numpy.percentile default, Hyndman-Fan type 7). */
export function quantile(x: ArrayLike<number>, q: number): number {
  const n = x.length;
  if (n === 0) return NaN;
  const s = Float64Array.from(x).sort();
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

/** True when v is a usable number (not null/undefined/NaN/Infinity): the missing-value test used throughout. */
export function isPresent(v: number | null | undefined): v is number {
  return v != null && Number.isFinite(v);
}
