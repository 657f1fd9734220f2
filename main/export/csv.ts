// The one CSV writer (RFC 4180) for everything the app writes as CSV from JavaScript values: the explorer's
// conversation export, a figure's plotted data and a table's rows (main/figures/tables.ts). Pure (no I/O,
// no Node modules), so the renderer may load it through main/figures. Records end in LF, the last one too.
// The study folder export writes whole tables with DuckDB's COPY instead (main/export/study-folder-export.ts).

/**
 * One value as CSV text. null, undefined and non-finite numbers are empty; a Date is its ISO 8601 form;
 * arrays and objects are JSON. The text is quoted when it holds a comma, quote, CR or LF, or starts or
 * ends with white space (which spreadsheet programs would otherwise trim); quotes inside are doubled.
 */
export function csvField(v: unknown): string {
  const s = csvText(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csvText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'string') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
  return String(v);
}

/** One record: the fields joined by commas (no line break). */
export function csvRecord(values: readonly unknown[]): string {
  return values.map(csvField).join(',');
}

/** Records as a CSV text: one per line, LF-terminated. */
export function csvLines(records: readonly (readonly unknown[])[]): string {
  return records.map((r) => csvRecord(r) + '\n').join('');
}

/** A header line of the given column names, then one line per row with its values in that column order. */
export function toCsv(header: readonly string[], rows: readonly Record<string, unknown>[]): string {
  return csvLines([header, ...rows.map((r) => header.map((h) => r[h]))]);
}
