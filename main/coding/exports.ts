// Codebook exports (CSV, JSON, Markdown and LaTeX tables shaped like Supplementary Tables 1-8, REFI-QDA .qdc
// and .qdpx) and the coded segments as CSV. Written to `path` when given, else returned inline.
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { CodebookExportResult, CodebookFormat } from '../api/contract/index.js';
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { toCsv } from '../export/csv.js';
import { listCodes } from './codebook.js';
import { coderParam } from './assignments.js';
import { EFFECTIVE_CTES, TREE_CTE } from './sql.js';
import { codebookXml, projectQdpx } from './refi-qda.js';
import type { TransferProgress } from './transfer-progress.js';

/** A code as the table exports show it: its share of coded sentence units and up to two examples. */
export interface ExportCode {
  codeId: string; path: string; name: string; parentPath: string | null; depth: number; color: string; definition: string;
  inclusion: string; exclusion: string; examples: string[]; sentences: number; percent: number;
}

const EXAMPLES = 2;

export async function exportCodes(db: Db): Promise<ExportCode[]> {
  const codes = await listCodes(db);
  const units = await db.value<number>(`WITH ${EFFECTIVE_CTES} SELECT count(DISTINCT (conversation_id, turn, sentence_index)) FROM effective`);
  const samples = await db.all<{ code_id: string; text: string }>(`WITH ${EFFECTIVE_CTES},
    d AS (SELECT DISTINCT e.code_id, s.text FROM effective e JOIN sentences s USING (conversation_id, turn, sentence_index))
    SELECT code_id, text FROM d QUALIFY row_number() OVER (PARTITION BY code_id ORDER BY length(text), text) <= ?`, [EXAMPLES]);
  const byCode = new Map<string, string[]>();
  for (const s of samples) byCode.set(s.code_id, [...(byCode.get(s.code_id) ?? []), s.text]);
  return codes.map((c) => ({
    codeId: c.codeId, path: c.path, name: c.name, parentPath: c.path.includes('/') ? c.path.slice(0, c.path.lastIndexOf('/')) : null, depth: c.depth,
    color: c.color, definition: c.definition, inclusion: c.inclusion, exclusion: c.exclusion,
    examples: (c.examples.length ? c.examples : byCode.get(c.codeId) ?? []).slice(0, EXAMPLES), sentences: c.sentences,
    percent: units ? (100 * c.sentences) / units : 0,
  }));
}

const pct = (x: number) => x.toFixed(2);

function markdown(codes: ExportCode[]): string {
  const cell = (s: string) => s.replaceAll('|', '\\|').replace(/\s*\n\s*/g, ' ');
  const out: string[] = ['# Codebook', '', '% = share of coded sentence units carrying the code (a unit can carry several codes).', ''];
  for (const top of codes.filter((c) => c.depth === 1)) {
    out.push(`## ${top.name}`, '', cell(top.definition), '', '| Code | Description | % | Examples |', '| --- | --- | ---: | --- |');
    for (const c of codes.filter((x) => x.path === top.path || x.path.startsWith(`${top.path}/`))) {
      out.push(`| ${cell(c.path.slice(top.path.length + 1) || c.name)} | ${cell(c.definition)} | ${pct(c.percent)} | ${cell(c.examples.map((e) => `“${e}”`).join('; '))} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

const TEX_SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', $: '\\$', '&': '\\&', '#': '\\#', _: '\\_', '%': '\\%', '~': '\\textasciitilde{}', '^': '\\textasciicircum{}',
};
export const texEscape = (s: string) => s.replace(/[\\{}$&#_%~^]/g, (ch) => TEX_SPECIAL[ch]).replace(/\s*\n\s*/g, ' ');

function latex(codes: ExportCode[]): string {
  const out: string[] = ['% Codebook tables (one per top-level code), shaped like Supplementary Tables 1-8. Needs \\usepackage{longtable}.'];
  for (const top of codes.filter((c) => c.depth === 1)) {
    out.push('\\begin{longtable}{p{0.22\\linewidth}p{0.4\\linewidth}rp{0.25\\linewidth}}',
      `\\caption{${texEscape(top.name)}: ${texEscape(top.definition)} \\% = share of coded sentence units carrying the code.}\\\\`,
      '\\hline Code & Description & \\% & Examples \\\\ \\hline \\endhead');
    for (const c of codes.filter((x) => x.path === top.path || x.path.startsWith(`${top.path}/`))) {
      out.push(`${texEscape(c.path.slice(top.path.length + 1) || c.name)} & ${texEscape(c.definition)} & ${pct(c.percent)} & ${texEscape(c.examples.map((e) => `“${e}”`).join('; '))} \\\\`);
    }
    out.push('\\hline', '\\end{longtable}', '');
  }
  return out.join('\n');
}

const CSV_COLUMNS = ['path', 'name', 'parent_path', 'color', 'definition', 'inclusion', 'exclusion', 'examples', 'sentences', 'percent'];

export function codebookCsv(codes: ExportCode[]): string {
  return toCsv(CSV_COLUMNS, codes.map((c) => ({
    path: c.path, name: c.name, parent_path: c.parentPath, color: c.color, definition: c.definition, inclusion: c.inclusion, exclusion: c.exclusion,
    examples: c.examples.join(' | '), sentences: c.sentences, percent: Number(pct(c.percent)),
  })));
}

export function codebookJson(codes: ExportCode[]): string {
  return JSON.stringify({
    format: 'empathy-workbench-codebook', version: 1,
    codes: codes.map(({ path, name, color, definition, inclusion, exclusion, examples, sentences, percent }) => ({ path, name, color, definition, inclusion, exclusion, examples, sentences, percent })),
  }, null, 2) + '\n';
}

/** Writes to `path` (a job's last cancel check comes first, so a cancelled export writes nothing) or returns inline. */
function deliver(format: CodebookExportResult['format'], ext: string, data: string | Uint8Array, path?: string, job?: TransferProgress): CodebookExportResult {
  const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
  const binary = typeof data !== 'string';
  job?.checkCancelled();
  job?.progress(1, 2, 'Writing the file');
  if (path) {
    try {
      writeFileSync(path, data);
    } catch (e) {
      throw new UserError(`Cannot write the export file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'bad-request');
    }
    return { format, filename: basename(path), content: null, encoding: binary ? 'base64' : 'utf8', path, bytes };
  }
  return { format, filename: `codebook.${ext}`, content: binary ? Buffer.from(data).toString('base64') : (data as string), encoding: binary ? 'base64' : 'utf8', path: null, bytes };
}

export async function exportCodebook(db: Db, a: { format: CodebookFormat; path?: string; coders?: string[] }, job?: TransferProgress): Promise<CodebookExportResult> {
  job?.progress(0, 2, a.format === 'qdpx' ? 'Collecting sources, codes and segments' : 'Collecting the codes');
  if (a.format === 'qdpx') return deliver('qdpx', 'qdpx', await projectQdpx(db), a.path, job);
  const codes = await exportCodes(db);
  const text = a.format === 'csv' ? codebookCsv(codes) : a.format === 'json' ? codebookJson(codes) : a.format === 'md' ? markdown(codes)
    : a.format === 'tex' ? latex(codes) : codebookXml(codes);
  return deliver(a.format, a.format, text, a.path, job);
}

export const SEGMENT_COLUMNS = ['conversation_id', 'turn', 'sentence_index', 'start', 'end', 'text', 'code', 'coder', 'grain', 'timestamp'];

/** One row per coder × sentence × code (theme codes expanded; `grain` says how it was coded), then spans. */
export async function exportSegments(db: Db, a: { path?: string; coders: string[] | null }, job?: TransferProgress): Promise<CodebookExportResult> {
  job?.progress(0, 2, 'Collecting the coded segments');
  const rows = await db.all<Record<string, unknown>>(`WITH RECURSIVE ${TREE_CTE}, ${EFFECTIVE_CTES},
    e AS (SELECT DISTINCT ON (coder, code_id, conversation_id, turn, sentence_index) * FROM effective ORDER BY coder, code_id, conversation_id, turn, sentence_index, grain DESC)
    SELECT e.conversation_id, e.turn, e.sentence_index, NULL AS start, NULL AS "end", s.text, t.path AS code, e.coder, e.grain, a.ts AS timestamp
    FROM e JOIN sentences s USING (conversation_id, turn, sentence_index) JOIN tree t USING (code_id) JOIN coding_assignments a USING (assignment_id)
    WHERE $1::VARCHAR[] IS NULL OR list_contains($1::VARCHAR[], e.coder)
    UNION ALL
    SELECT a.conversation_id, a.turn, NULL, a.start_char, a.end_char, a.text, t.path, a.coder, 'span', a.ts
    FROM coding_assignments a JOIN tree t USING (code_id) WHERE a.grain = 'span' AND ($1::VARCHAR[] IS NULL OR list_contains($1::VARCHAR[], a.coder))
    ORDER BY 1, 2, 3 NULLS LAST, 4 NULLS FIRST, 7, 8`, [coderParam(a.coders)]);
  const out = deliver('segments-csv', 'csv', toCsv(SEGMENT_COLUMNS, rows), a.path, job);
  return a.path ? out : { ...out, filename: 'coded-segments.csv' };
}
