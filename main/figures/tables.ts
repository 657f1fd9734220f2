// Table export: CSV (RFC 4180, through the one writer in main/export/csv.ts), Markdown (GitHub pipes) and LaTeX
// (booktabs tabular), from one TableSpec; and CSV of a figure's plotted data.

import { csvLines } from '../export/csv.js';
import type { TableSpec } from './types.js';

/** CSV of rows with the given columns (default: the keys of the first row, in order). */
export function rowsToCsv(rows: Record<string, unknown>[], columns?: string[]): string {
  const cols = columns ?? (rows.length ? Object.keys(rows[0]) : []);
  return csvLines([cols, ...rows.map((r) => cols.map((c) => r[c]))]);
}

/** CSV of a table: the column labels, then its rows, each group's name on a line of its own before its first row. */
export function tableToCsv(t: TableSpec): string {
  const records: unknown[][] = [t.columns.map((c) => c.label)];
  t.rows.forEach((r, i) => {
    if (t.groups?.[i]) records.push([t.groups[i]]);
    records.push(t.columns.map((c) => r[c.key]));
  });
  return csvLines(records);
}

function mdCell(s: string): string {
  return s.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

export function tableToMarkdown(t: TableSpec): string {
  const align = (a?: string) => (a === 'right' ? '---:' : a === 'center' ? ':---:' : '---');
  const lines = [`**${mdCell(t.title)}**`, '', `| ${t.columns.map((c) => mdCell(c.label)).join(' | ')} |`, `| ${t.columns.map((c) => align(c.align)).join(' | ')} |`];
  t.rows.forEach((r, i) => {
    if (t.groups?.[i]) lines.push(`| *${mdCell(t.groups[i])}* |${' |'.repeat(t.columns.length - 1)}`);
    lines.push(`| ${t.columns.map((c) => mdCell(r[c.key] ?? '')).join(' | ')} |`);
  });
  for (const n of t.notes ?? []) lines.push('', mdCell(n));
  return lines.join('\n') + '\n';
}

const LATEX_SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}', '&': '\\&', '%': '\\%', $: '\\$', '#': '\\#', _: '\\_', '{': '\\{', '}': '\\}', '~': '\\textasciitilde{}', '^': '\\textasciicircum{}',
};
function latexCell(s: string): string {
  return s
    .replace(/[\\&%$#_{}~^]/g, (c) => LATEX_SPECIAL[c])
    .replaceAll('<', '$<$').replaceAll('>', '$>$').replaceAll('×', '$\\times$').replaceAll('−', '$-$').replaceAll('–', '--')
    .replaceAll('≥', '$\\geq$').replaceAll('≤', '$\\leq$').replaceAll('Δ', '$\\Delta$').replaceAll('ρ', '$\\rho$').replaceAll('β', '$\\beta$').replaceAll('κ', '$\\kappa$').replaceAll('α', '$\\alpha$');
}

export function tableToLatex(t: TableSpec): string {
  const spec = t.columns.map((c) => (c.align === 'right' ? 'r' : c.align === 'center' ? 'c' : 'l')).join('');
  const lines = [
    '\\begin{table}[ht]', '\\centering', `\\caption{${latexCell(t.title)}}`, `\\begin{tabular}{${spec}}`, '\\toprule',
    t.columns.map((c) => latexCell(c.label)).join(' & ') + ' \\\\', '\\midrule',
  ];
  t.rows.forEach((r, i) => {
    if (t.groups?.[i]) lines.push(`\\multicolumn{${t.columns.length}}{l}{\\textit{${latexCell(t.groups[i])}}} \\\\`);
    lines.push(t.columns.map((c) => latexCell(r[c.key] ?? '')).join(' & ') + ' \\\\');
  });
  lines.push('\\bottomrule', '\\end{tabular}');
  for (const n of t.notes ?? []) lines.push(`\\par\\smallskip\\footnotesize ${latexCell(n)}`);
  lines.push('\\end{table}');
  return lines.join('\n') + '\n';
}

function escapeHtml(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

export function tableToHtml(t: TableSpec): string {
  const cls = (a?: string) => (a === 'right' ? ' class="num"' : a === 'center' ? ' class="center"' : '');
  const head = `<tr>${t.columns.map((c) => `<th${cls(c.align)}>${escapeHtml(c.label)}</th>`).join('')}</tr>`;
  const body: string[] = [];
  t.rows.forEach((r, i) => {
    if (t.groups?.[i]) body.push(`<tr class="group"><td colspan="${t.columns.length}">${escapeHtml(t.groups[i])}</td></tr>`);
    body.push(`<tr>${t.columns.map((c) => `<td${cls(c.align)}>${escapeHtml(r[c.key] ?? '')}</td>`).join('')}</tr>`);
  });
  const notes = (t.notes ?? []).map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('');
  // The wrapper scrolls a table wider than the page on screen (the report's CSS), so no column is cut off.
  return `<div class="table-wrap"><table id="${escapeHtml(t.id)}"><caption>${escapeHtml(t.title)}</caption><thead>${head}</thead><tbody>${body.join('')}</tbody></table></div>${notes}`;
}

/** Plain-text table for the terminal: columns padded to their widest cell. */
export function tableToText(t: TableSpec): string {
  const cells = [t.columns.map((c) => c.label), ...t.rows.map((r) => t.columns.map((c) => r[c.key] ?? ''))];
  const width = t.columns.map((_, j) => Math.max(...cells.map((row) => [...row[j]].length)));
  const pad = (s: string, j: number) => (t.columns[j].align === 'right' ? s.padStart(width[j]) : s.padEnd(width[j]));
  const line = (row: string[]) => row.map(pad).join('  ').trimEnd();
  const out = [t.title, line(cells[0]), width.map((w) => '-'.repeat(w)).join('  ')];
  t.rows.forEach((_, i) => {
    if (t.groups?.[i]) out.push(t.groups[i]);
    out.push(line(cells[i + 1]));
  });
  for (const n of t.notes ?? []) out.push(n);
  return out.join('\n') + '\n';
}
