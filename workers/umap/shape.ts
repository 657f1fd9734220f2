// The one check every entry of the UMAP worker makes of a matrix it is handed: row-major, n rows of d floats.

/** Throws unless `data` holds n × d values with n and d positive integers. */
export function checkShape(data: Float32Array, n: number, d: number): void {
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 1 || d < 1 || data.length < n * d) throw new Error(`invalid shape n=${n}, d=${d}`);
}
