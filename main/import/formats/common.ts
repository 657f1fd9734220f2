// Helpers shared by the format importers: reading CSV/JSON sources with exact line numbers, and
// cleaning up scratch tables when staging fails half-way.
import { closeSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { ident, literal, type Db } from '../../db/workspace.js';
import { describeUtf8Problem, findInvalidUtf8 } from '../../text/utf8.js';
import { diagnoseCsv } from '../csv-diagnose.js';
import { STUDY_TABLE_NAMES } from '../fields.js';
import { ImportError } from '../import-error.js';
import { CSV_BUFFERS, stageName } from '../stage.js';

export type Cell = string | null;

/** A CSV read completely, with the source line where each record starts (header = line 1). */
export interface CsvData {
  file: string;
  columns: string[];
  rows: Cell[][];
  lines: number[];
}

/**
 * Reads a CSV through DuckDB's reader, all columns as text, with the header's own column names and no
 * dialect sniffing (a sniffer can take a ragged last row for the header). When DuckDB refuses the file,
 * the line-level diagnosis of csv-diagnose.ts names line and column (ragged rows, invalid UTF-8,
 * unclosed quotes). Record start lines come from a scan of the bytes, so multi-line quoted cells and
 * blank lines are accounted for.
 */
export async function readCsv(db: Db, path: string, file = basename(path)): Promise<CsvData> {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new ImportError(`cannot read the file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file });
  }
  const starts = recordStarts(buf);
  if (!starts.length) throw new ImportError('the file is empty (a header line is required)', { file });
  const header = headerNames(buf);
  let rows: Cell[][];
  try {
    const reader = await db.conn.runAndReadAll(
      `SELECT * FROM read_csv(${literal(path)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
        strict_mode = true, ${CSV_BUFFERS}, columns = {${header.map((c) => `${literal(c)}: 'VARCHAR'`).join(', ')}})`,
    );
    rows = reader.getRows().map((r) => r.map((v) => (v == null ? null : String(v))));
  } catch (e) {
    const found = await diagnoseCsv(path, file).catch(() => null);
    if (found) throw found;
    throw new ImportError(`cannot read as CSV: ${String((e as Error).message).split('\n')[0]}`, { file });
  }
  let lines = starts.slice(1);
  if (lines.length !== rows.length) {
    // Should not happen; fall back to counting line breaks inside cells.
    lines = [];
    let line = 2;
    for (const r of rows) {
      lines.push(line);
      line += 1;
      for (const v of r) if (v) line += countNewlines(v);
    }
  }
  return { file, columns: header, rows, lines };
}

/** Start line of each CSV record (the header first), skipping blank lines as DuckDB does. */
function recordStarts(buf: Buffer): number[] {
  const starts: number[] = [];
  let line = 1;
  let inQuotes = false;
  let started = false;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (b === 0x0a) {
      if (!inQuotes && started) started = false;
      line++;
      continue;
    }
    if (b === 0x0d && !inQuotes) continue;
    if (!started) { started = true; starts.push(line); }
    if (b === 0x22) inQuotes = !inQuotes;
  }
  return starts;
}

/** Column names of the header record (quotes removed; empty names become column<i>, repeats get a suffix). */
function headerNames(buf: Buffer): string[] {
  const text = buf.subarray(0, Math.min(buf.length, 1 << 20)).toString('utf8').replace(/^\uFEFF/, '');
  const names: string[] = [];
  let cell = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') { cell += '"'; i++; } else inQuotes = false;
      } else cell += ch;
      continue;
    }
    if (ch === '"') { inQuotes = true; continue; }
    if (ch === ',') { names.push(cell); cell = ''; continue; }
    if (ch === '\n') break;
    if (ch !== '\r') cell += ch;
  }
  names.push(cell);
  const seen = new Map<string, number>();
  return names.map((n, i) => {
    let name = n.trim() === '' ? `column${i}` : n;
    const k = seen.get(name) ?? 0;
    seen.set(name, k + 1);
    if (k) name = `${name}_${k}`;
    return name;
  });
}

export function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** The header of a CSV file (first line), split naively; used only for cheap format detection. */
export function csvHeader(path: string): string[] {
  const first = headText(path).split(/\r?\n/)[0] ?? '';
  return first.replace(/^\uFEFF/, '').split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

/** The first 64 KiB of a file as text ('' when unreadable). */
export function headText(path: string, bytes = 65536): string {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n).toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Reads a text file as strict UTF-8; an invalid byte is refused with its line. */
export function readUtf8(path: string, file = basename(path)): string {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new ImportError(`cannot read the file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '');
  } catch {
    // The native decoder is the fast path; only a refused file is scanned, to name the place.
    const bad = findInvalidUtf8(buf);
    throw new ImportError(bad ? describeUtf8Problem(bad) : 'invalid UTF-8; save the file as UTF-8', { file, line: bad?.line });
  }
}

/** JSON.parse with the failure turned into an ImportError naming the line. */
export function parseJson(text: string, file: string, lineOffset = 0): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    const pos = m ? Number(m[1]) : jsonErrorOffset(text);
    const line = countNewlines(text.slice(0, pos)) + 1 + lineOffset;
    const what = msg.replace(/\s*in JSON at position \d+.*$/, '').replace(/, ".*" is not valid JSON$/s, '').replace(/\s+/g, ' ');
    throw new ImportError(`not valid JSON: ${what}`, { file, line });
  }
}

/** Offset of the first syntax error in a JSON text (only called after JSON.parse failed). */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => { while (i < text.length && ' \t\r\n'.includes(text[i])) i++; };
  const fail = (): never => { throw i; };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++; ws();
      if (text[i] === '}') { i++; return; }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string(); ws();
        if (text[i] !== ':') fail();
        i++; value(); ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return; }
        fail();
      }
    }
    if (ch === '[') {
      i++; ws();
      if (text[i] === ']') { i++; return; }
      for (;;) {
        value(); ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return; }
        fail();
      }
    }
    if (ch === '"') { string(); return; }
    const lit = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!lit) fail();
    i += lit![0].length;
  };
  const string = (): void => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  try {
    value(); ws();
    if (i < text.length) fail();
    return text.length;
  } catch (at) {
    return typeof at === 'number' ? Math.min(at, text.length) : text.length;
  }
}

/**
 * Start lines of the elements of a JSON top-level array and, for each of them, of the elements of the
 * array under `nestedKey` (e.g. ESConv's `dialog`). A small scanner over the text: JSON.parse gives no positions.
 */
export function jsonElementLines(text: string, nestedKey?: string): { top: number[]; nested: number[][] } {
  const top: number[] = [];
  const nested: number[][] = [];
  // Stack of containers: kind, and for arrays whether it is the nested array of interest.
  const stack: { kind: '[' | '{'; nested: boolean }[] = [];
  let line = 1;
  let lastKey: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') { line++; continue; }
    if (ch === '"') {
      let j = i + 1;
      let s = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') { s += text[j + 1]; j += 2; continue; }
        if (text[j] === '\n') line++;
        s += text[j];
        j++;
      }
      const parent = stack[stack.length - 1];
      // A string in object-key position is followed by ':'.
      let k = j + 1;
      while (k < text.length && /\s/.test(text[k])) k++;
      if (parent?.kind === '{' && text[k] === ':') {
        for (let x = j + 1; x < k; x++) if (text[x] === '\n') line++;
        lastKey = s;
        i = k;
        continue;
      }
      noteValue();
      i = j;
      continue;
    }
    if (ch === '{' || ch === '[') {
      noteValue();
      const isNested = ch === '[' && nestedKey !== undefined && stack.length === 2 && stack[1].kind === '{' && lastKey === nestedKey;
      stack.push({ kind: ch, nested: isNested });
      lastKey = null;
      continue;
    }
    if (ch === '}' || ch === ']') { stack.pop(); continue; }
    if (ch === ',' || ch === ':' || /\s/.test(ch)) continue;
    // Scalar token start (number, true, false, null): skip to its end.
    noteValue();
    while (i + 1 < text.length && !/[\s,\]}]/.test(text[i + 1])) i++;
  }
  return { top, nested };

  function noteValue(): void {
    const parent = stack[stack.length - 1];
    if (stack.length === 1 && parent.kind === '[') { top.push(line); nested.push([]); }
    else if (parent?.kind === '[' && parent.nested) nested[nested.length - 1]?.push(line);
  }
}

/** Drops every scratch table an importer may have created; used when staging fails before returning. */
export async function dropAllStage(db: Db): Promise<void> {
  for (const t of STUDY_TABLE_NAMES) await db.run(`DROP TABLE IF EXISTS ${ident(stageName(t))}`).catch(() => {});
}

/** Runs a staging function; on failure its scratch tables are dropped so the workspace is as before. */
export async function cleanOnFailure<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    await dropAllStage(db);
    throw e;
  }
}

export function isFile(path: string): boolean {
  try { return statSync(path).isFile(); } catch { return false; }
}

export function listDir(path: string): string[] {
  try { return readdirSync(path).sort(); } catch { return []; }
}

export function stem(path: string): string {
  return basename(path, extname(path));
}

/** Normalises text for fuzzy comparison: lower case, letters and digits only, single spaces. */
export function normalizeText(s: string): string {
  return s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/'/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Sørensen–Dice coefficient over character bigrams of two normalised strings (0..1). */
export function diceSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const grams = new Map<string, number>();
  for (let i = 0; i < a.length - 1; i++) {
    const g = a.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  let hits = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const g = b.slice(i, i + 2);
    const n = grams.get(g) ?? 0;
    if (n > 0) { grams.set(g, n - 1); hits++; }
  }
  return (2 * hits) / (a.length - 1 + b.length - 1);
}
