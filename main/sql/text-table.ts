// A result as a plain-text table for the terminal: columns padded to their widest cell (capped), values
// as JSON when they are lists or structs, NULL shown as NULL.

/** Widest a column gets; longer cells end in an ellipsis. */
const MAX_WIDTH = 60;

function cell(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  const one = s.replace(/\s+/g, ' ');
  return one.length > MAX_WIDTH ? one.slice(0, MAX_WIDTH - 1) + '…' : one;
}

export function formatTable(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cells = rows.map((r) => r.map(cell));
  const widths = header.map((h, j) => Math.min(MAX_WIDTH, Math.max(h.length, ...cells.map((r) => r[j].length))));
  const line = (r: readonly string[]) => r.map((c, j) => c.padEnd(widths[j])).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
