// ESConv (Liu et al., ACL 2021): a JSON array of support sessions, each with `dialog` turns.
//
// Speakers: the full ESConv.json names them `seeker`/`supporter`; FailedESConv.json names them
// `speaker`/`listener`. In that file every `annotation.strategy` (the supporter's strategy label) sits on
// a `listener` turn and every `annotation.feedback` (the seeker's turn-level rating) on a `speaker` turn,
// and the `speaker` turns describe the problem ("I am depressed about the Covid-19 pandemic"): so
// speaker = seeker and listener = supporter. Any other speaker name is refused.
import { basename } from 'node:path';
import type { Db } from '../../db/workspace.js';
import type { ImportRequest } from '../../api/contract/index.js';
import { fingerprintFiles } from '../fingerprint.js';
import { ImportError } from '../import-error.js';
import type { Importer } from '../importer.js';
import { stageRows, type StagedTable } from '../stage.js';
import type { StagedStudy } from '../staged-study.js';
import type { StudyTable } from '../fields.js';
import { cleanOnFailure, headText, isFile, jsonElementLines, parseJson, readUtf8 } from './common.js';

export const ESCONV_SPEAKERS: Record<string, 'seeker' | 'supporter'> = {
  seeker: 'seeker',
  speaker: 'seeker',
  usr: 'seeker',
  supporter: 'supporter',
  listener: 'supporter',
  sys: 'supporter',
};

const MESSAGE_FIELDS = ['conversation_id', 'turn', 'role', 'text'];

export function isEsconv(path: string): boolean {
  if (!/\.json$/i.test(path) || !isFile(path)) return false;
  const head = headText(path);
  return /^\s*\[/.test(head.replace(/^\uFEFF/, '')) && /"dialog"\s*:/.test(head);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A scalar for a text column: strings as they are, other values as JSON. */
function scalar(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** `survey_score: {seeker: {empathy: "5"}}` becomes `survey_seeker_empathy: "5"`: flat keys filter easily in `extra`. */
function flattenSurvey(v: unknown, out: Map<string, string | null>): void {
  if (!isPlainObject(v)) { out.set('survey_score', scalar(v)); return; }
  for (const [who, scores] of Object.entries(v)) {
    if (isPlainObject(scores)) for (const [k, x] of Object.entries(scores)) out.set(`survey_${who}_${k}`, scalar(x));
    else out.set(`survey_${who}`, scalar(scores));
  }
}

/** Source keys that would overwrite a column the importer sets keep their value under `source_<key>`. */
const unreserved = (k: string, reserved: string[]) => (reserved.includes(k) ? `source_${k}` : k);

export async function stageEsconv(db: Db, req: ImportRequest, progress: (m: string) => void): Promise<StagedStudy> {
  return cleanOnFailure(db, async () => {
    const path = req.path;
    const file = basename(path);
    progress(`Reading ${file}`);
    const text = readUtf8(path, file);
    const data = parseJson(text, file);
    if (!Array.isArray(data)) throw new ImportError('expected a JSON array of sessions (ESConv format)', { file, line: 1 });
    const lines = jsonElementLines(text, 'dialog');

    const convKeys: string[] = [];
    const convData: Map<string, string | null>[] = [];
    const msgKeys: string[] = [];
    const msgRows: { values: Map<string, string | null>; line: number }[] = [];
    let emptyTurns = 0;
    data.forEach((session, si) => {
      const at = lines.top[si];
      if (!isPlainObject(session)) throw new ImportError(`session ${si} is not a JSON object`, { file, line: at });
      const dialog = session.dialog;
      if (!Array.isArray(dialog)) throw new ImportError(`session ${si} has no "dialog" list`, { file, line: at });
      const id = `esconv-${si}`;
      const c = new Map<string, string | null>([['conversation_id', id], ['session_index', String(si)]]);
      for (const [k, v] of Object.entries(session)) {
        if (k === 'dialog') continue;
        if (k === 'survey_score') flattenSurvey(v, c);
        else c.set(unreserved(k, ['conversation_id', 'session_index']), scalar(v));
      }
      for (const k of c.keys()) if (!convKeys.includes(k)) convKeys.push(k);
      convData.push(c);
      dialog.forEach((t, ti) => {
        const tline = lines.nested[si]?.[ti] ?? at;
        if (!isPlainObject(t)) throw new ImportError(`session ${si}, turn ${ti}: not a JSON object`, { file, line: tline });
        const name = typeof t.speaker === 'string' ? t.speaker.trim().toLowerCase() : String(t.speaker);
        const role = ESCONV_SPEAKERS[name];
        if (!role) {
          throw new ImportError(
            `session ${si} (dialog index ${si}), turn ${ti}: unknown speaker "${String(t.speaker)}" (expected seeker/supporter or speaker/listener)`,
            { file, line: tline, column: 'speaker' },
          );
        }
        const content = typeof t.content === 'string' ? t.content.trim() : scalar(t.content)?.trim() ?? '';
        if (!content) { emptyTurns++; return; }
        const m = new Map<string, string | null>([['conversation_id', id], ['turn', String(ti)], ['role', role], ['text', content]]);
        if (isPlainObject(t.annotation)) for (const [k, v] of Object.entries(t.annotation)) m.set(unreserved(k, MESSAGE_FIELDS), scalar(v));
        for (const [k, v] of Object.entries(t)) if (!['speaker', 'content', 'annotation'].includes(k)) m.set(unreserved(k, MESSAGE_FIELDS), scalar(v));
        for (const k of m.keys()) if (!msgKeys.includes(k)) msgKeys.push(k);
        msgRows.push({ values: m, line: tline });
      });
    });
    // Known message columns first; the rest (strategy, feedback, …) become the message annotation.
    const msgCols = [...MESSAGE_FIELDS, ...msgKeys.filter((k) => !MESSAGE_FIELDS.includes(k))];
    progress('Staging conversations and messages');
    const tables: Partial<Record<StudyTable, StagedTable>> = {};
    tables.conversations = await stageRows(db, 'conversations', file, convKeys,
      convData.map((c, si) => ({ values: convKeys.map((k) => c.get(k) ?? null), line: lines.top[si] })));
    tables.messages = await stageRows(db, 'messages', file, msgCols,
      msgRows.map((r) => ({ values: msgCols.map((k) => r.values.get(k) ?? null), line: r.line })));
    const skipped: StagedStudy['skipped'] = [];
    if (emptyTurns) skipped.push({ reason: 'empty turns (no content): not imported as messages; turn numbers keep their positions', count: emptyTurns });
    return {
      format: 'esconv',
      source: path,
      fingerprint: await fingerprintFiles([path]),
      tables,
      scoreSets: {},
      meta: { name: basename(path).replace(/\.json$/i, ''), source: path },
      skipped,
    };
  });
}

export const esconvImporter: Importer = {
  format: 'esconv',
  detect: isEsconv,
  stage: (db, req, progress) => stageEsconv(db, req, progress),
};
