// Coded segments from a spreadsheet: CSV with columns conversation_id, turn, sentence_index, code (a path such
// as `Affective/Validating emotions`), other columns ignored. Codes are created as needed; the whole file is
// one event, so a bad row leaves nothing behind. Problems are named by line and column.
import { listValue } from '@duckdb/node-api';
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { assignmentOp, newId, nowIso } from './codebook.js';
import { PathIndex } from './paths.js';
import type { AssignmentRow, Op } from './tables.js';
import { ROWS_PER_STEP, type TransferProgress } from './transfer-progress.js';

export const SEGMENT_IMPORT_COLUMNS = ['conversation_id', 'turn', 'sentence_index', 'code'] as const;
const MAX_REPORTED = 10;

/** RFC 4180 records with the line each starts on (quoted fields may span lines; CRLF or LF). */
export function parseCsvRecords(text: string): { line: number; fields: string[] }[] {
  const out: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let any = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') { cell += '"'; i++; } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === '') { quoted = true; any = true; continue; }
    if (ch === ',') { fields.push(cell); cell = ''; any = true; continue; }
    if (ch === '\r' && s[i + 1] === '\n') continue;
    if (ch === '\n' || ch === '\r') {
      if (any || cell !== '') out.push({ line: start, fields: [...fields, cell] });
      fields = []; cell = ''; any = false; line++; start = line;
      continue;
    }
    cell += ch;
    any = true;
  }
  if (quoted) throw new UserError(`line ${start}: a quoted field is never closed`, 'import-error');
  if (any || cell !== '') out.push({ line: start, fields: [...fields, cell] });
  return out;
}

function fail(source: string, problems: string[]): never {
  const more = problems.length > MAX_REPORTED ? ` (and ${problems.length - MAX_REPORTED} more)` : '';
  throw new UserError(`${source}: ${problems.slice(0, MAX_REPORTED).join('; ')}${more}; nothing was imported`, 'import-error');
}

export async function importSegments(db: Db, coder: string, csv: string, source: string, job?: TransferProgress): Promise<{ ops: Op[]; result: { assignments: number; codesCreated: number } }> {
  job?.progress(0, 1, 'Reading the CSV');
  const records = parseCsvRecords(csv);
  const step = (i: number, message: string) => {
    if (!job || i % ROWS_PER_STEP !== 0) return;
    job.checkCancelled();
    job.progress(i, records.length - 1, message);
  };
  if (records.length === 0) fail(source, ['the file is empty']);
  const header = records[0].fields.map((h) => h.trim().toLowerCase());
  const missing = SEGMENT_IMPORT_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) fail(source, [`line 1: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (need ${SEGMENT_IMPORT_COLUMNS.join(', ')})`]);
  const col = Object.fromEntries(SEGMENT_IMPORT_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof SEGMENT_IMPORT_COLUMNS)[number], number>;
  const problems: string[] = [];
  const rows: { line: number; conversationId: string; turn: number; sentenceIndex: number; code: string }[] = [];
  const whole = (v: string) => (/^\s*\d+\s*$/.test(v) ? Number(v) : null);
  for (const [i, r] of records.slice(1).entries()) {
    step(i, 'Checking rows');
    const get = (c: keyof typeof col) => r.fields[col[c]] ?? '';
    const conversationId = get('conversation_id').trim();
    const turn = whole(get('turn'));
    const sentenceIndex = whole(get('sentence_index'));
    const code = get('code').trim();
    if (!conversationId) problems.push(`line ${r.line}, column conversation_id: empty`);
    if (turn === null) problems.push(`line ${r.line}, column turn: "${get('turn')}" is not a whole number ≥ 0`);
    if (sentenceIndex === null) problems.push(`line ${r.line}, column sentence_index: "${get('sentence_index')}" is not a whole number ≥ 0`);
    if (!code) problems.push(`line ${r.line}, column code: empty`);
    else if (code.split('/').some((p) => p.trim() === '')) problems.push(`line ${r.line}, column code: "${code}" has an empty level`);
    if (conversationId && turn !== null && sentenceIndex !== null && code) rows.push({ line: r.line, conversationId, turn, sentenceIndex, code });
  }
  if (problems.length) fail(source, problems);
  if (rows.length === 0) fail(source, ['no rows after the header']);
  job?.progress(0, rows.length, 'Finding the sentences');
  const found = await db.all<{ i: number; text: string | null }>(`
    WITH k AS (SELECT unnest(?::VARCHAR[]) AS conversation_id, unnest(?::INTEGER[]) AS turn, unnest(?::INTEGER[]) AS sentence_index, unnest(range(?)) AS i)
    SELECT k.i, any_value(s.text) AS text FROM k LEFT JOIN sentences s USING (conversation_id, turn, sentence_index) GROUP BY k.i ORDER BY k.i`,
  [listValue(rows.map((r) => r.conversationId)), listValue(rows.map((r) => r.turn)), listValue(rows.map((r) => r.sentenceIndex)), rows.length]);
  for (const f of found) {
    if (f.text === null) {
      const r = rows[f.i];
      problems.push(`line ${r.line}: no sentence ${r.conversationId} turn ${r.turn} sentence_index ${r.sentenceIndex} in this study`);
    }
  }
  if (problems.length) fail(source, problems);
  const index = await PathIndex.load(db);
  const existing = new Set((await db.all<{ k: string }>(`SELECT code_id || chr(0) || conversation_id || chr(0) || turn || chr(0) || sentence_index AS k
    FROM coding_assignments WHERE coder = ? AND grain = 'sentence' AND NOT exclude`, [coder])).map((r) => r.k));
  const ops: Op[] = [];
  const at = nowIso();
  for (const [i, r] of rows.entries()) {
    step(i, 'Coding rows');
    const codeId = index.ensure(r.code);
    const k = `${codeId}\u0000${r.conversationId}\u0000${r.turn}\u0000${r.sentenceIndex}`;
    if (existing.has(k)) continue;
    existing.add(k);
    const row: AssignmentRow = {
      assignment_id: newId('asg'), code_id: codeId, coder, grain: 'sentence', conversation_id: r.conversationId, turn: r.turn, sentence_index: r.sentenceIndex,
      start_char: null, end_char: null, model_id: null, latent: null, top_k: null, exclude: false, text: found[i].text, ts: at,
    };
    ops.push(assignmentOp(row));
  }
  job?.progress(rows.length, rows.length, 'Saving');
  return { ops: [...index.ops, ...ops], result: { assignments: ops.length, codesCreated: index.created } };
}
