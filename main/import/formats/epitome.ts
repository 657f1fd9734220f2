// EPITOME (Sharma et al., EMNLP 2020): Reddit seeker posts with one peer response each, annotated on
// three empathy mechanisms (level 0 none, 1 weak, 2 strong) with rationale spans. One CSV per mechanism:
// `sp_id, rp_id, seeker_post, response_post, level, rationales`.
//
// Each (sp_id, rp_id) pair is one two-message conversation `epitome-<sp_id>-<rp_id>` (seeker post at
// turn 0, response at turn 1); the pairs are shared across the files and staged once. Each file's
// `level` becomes a score set (epitome-ER, epitome-IP, epitome-EX) with one dimension on a 0-2 scale and
// the rationales as evidence.
//
// What the published files contain, and how it is handled (counted in the import report):
// - a pair appears twice in one file (60 pairs per file), sometimes with a different level or
//   rationale: the first row is kept;
// - the same pair's post texts differ between files (whitespace, and words such as "reddit" removed in
//   emotional-reactions-reddit.csv): texts equal up to whitespace are the same; otherwise the longest
//   version is kept, since the shorter ones are the redacted ones.
import { join } from 'node:path';
import type { Db } from '../../db/workspace.js';
import type { ImportRequest } from '../../api/contract/index.js';
import { fingerprintFiles } from '../fingerprint.js';
import { ImportError } from '../import-error.js';
import type { Importer } from '../importer.js';
import { isDir } from '../registry.js';
import { stageRows, type StagedTable } from '../stage.js';
import type { ScoreSetSpec, StagedStudy } from '../staged-study.js';
import type { StudyTable } from '../fields.js';
import { cleanOnFailure, csvHeader, isFile, listDir, readCsv, stem } from './common.js';

/** The three mechanism files, their score set and dimension names. */
export const EPITOME_MECHANISMS = [
  { file: 'emotional-reactions-reddit.csv', set: 'epitome-ER', dimension: 'emotional_reactions' },
  { file: 'interpretations-reddit.csv', set: 'epitome-IP', dimension: 'interpretations' },
  { file: 'explorations-reddit.csv', set: 'epitome-EX', dimension: 'explorations' },
] as const;

const REQUIRED = ['sp_id', 'rp_id', 'seeker_post', 'response_post', 'level'];

function hasEpitomeColumns(columns: string[]): boolean {
  return REQUIRED.every((c) => columns.includes(c));
}

function mechanismFor(path: string): { set: string; dimension: string } {
  const name = path.split(/[\\/]/).pop()!;
  const known = EPITOME_MECHANISMS.find((m) => m.file === name);
  if (known) return known;
  // Another file in the same layout: the score set and dimension are named after it.
  const s = stem(path).replace(/-reddit$/, '');
  return { set: `epitome-${s}`, dimension: s.replace(/[^A-Za-z0-9]+/g, '_').toLowerCase() };
}

function files(path: string): string[] {
  if (!isDir(path)) return [path];
  const known = EPITOME_MECHANISMS.map((m) => join(path, m.file)).filter(isFile);
  if (known.length) return known;
  return listDir(path).filter((n) => /\.csv$/i.test(n)).map((n) => join(path, n)).filter((p) => isFile(p) && hasEpitomeColumns(csvHeader(p)));
}

export function isEpitome(path: string): boolean {
  if (isDir(path)) return EPITOME_MECHANISMS.some((m) => isFile(join(path, m.file)) && hasEpitomeColumns(csvHeader(join(path, m.file))));
  return /\.csv$/i.test(path) && isFile(path) && hasEpitomeColumns(csvHeader(path));
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

export async function stageEpitome(db: Db, req: ImportRequest, progress: (m: string) => void): Promise<StagedStudy> {
  return cleanOnFailure(db, async () => {
    const paths = files(req.path);
    if (!paths.length) {
      throw new ImportError(`no EPITOME files here (expected ${EPITOME_MECHANISMS.map((m) => m.file).join(', ')})`, { file: req.path });
    }
    type Pair = { id: string; sp: string; rp: string; seeker: string; response: string; file: string; line: number };
    const pairs = new Map<string, Pair>();
    const scoreRows: { values: (string | null)[]; line: number; src: string }[] = [];
    const scoreSets: Record<string, ScoreSetSpec> = {};
    const sets = new Set<string>();
    let dupSame = 0;
    let dupDifferent = 0;
    const textConflicts = new Set<string>();
    for (const path of paths) {
      const file = path.split(/[\\/]/).pop()!;
      progress(`Reading ${file}`);
      const data = await readCsv(db, path, file);
      const missing = REQUIRED.filter((c) => !data.columns.includes(c));
      if (missing.length) {
        throw new ImportError(`missing required column "${missing[0]}" (columns found: ${data.columns.join(', ')})`, { file });
      }
      const col = Object.fromEntries(data.columns.map((c, i) => [c, i]));
      const { set, dimension } = mechanismFor(path);
      if (sets.has(set)) throw new ImportError(`two files would both become score set "${set}"`, { file });
      sets.add(set);
      scoreSets[set] = {
        kind: 'human', scaleMin: 0, scaleMax: 2, dimensions: [dimension],
        provenance: { file, mechanism: dimension, levels: '0 none, 1 weak, 2 strong', annotators: 'trained crowd workers (EPITOME, Sharma et al. 2020)' },
      };
      const seen = new Map<string, { level: string | null; rationales: string | null }>();
      data.rows.forEach((r, k) => {
        const line = data.lines[k];
        const sp = r[col.sp_id]?.trim();
        const rp = r[col.rp_id]?.trim();
        if (!sp || !rp) throw new ImportError('required value is empty', { file, line, column: !sp ? 'sp_id' : 'rp_id' });
        const key = `${sp}\u0000${rp}`;
        const level = r[col.level];
        const rationales = col.rationales !== undefined ? r[col.rationales] : null;
        const before = seen.get(key);
        if (before) {
          if (before.level === level && before.rationales === rationales) dupSame++; else dupDifferent++;
          return;
        }
        seen.set(key, { level, rationales });
        const seeker = r[col.seeker_post] ?? '';
        const response = r[col.response_post] ?? '';
        const pair = pairs.get(key);
        if (!pair) {
          pairs.set(key, { id: `epitome-${sp}-${rp}`, sp, rp, seeker, response, file, line });
        } else {
          let conflict = false;
          if (squash(pair.seeker) !== squash(seeker)) { conflict = true; if (squash(seeker).length > squash(pair.seeker).length) pair.seeker = seeker; }
          if (squash(pair.response) !== squash(response)) { conflict = true; if (squash(response).length > squash(pair.response).length) pair.response = response; }
          if (conflict) textConflicts.add(key);
        }
        const evidence = rationales?.replace(/\|+\s*$/, '').trim() || null;
        scoreRows.push({ values: [`epitome-${sp}-${rp}`, dimension, level?.trim() ?? null, set, evidence], line, src: file });
      });
    }
    const skipped: StagedStudy['skipped'] = [];
    if (dupSame) skipped.push({ reason: 'rows repeating a (sp_id, rp_id) pair of the same file with the same level and rationale: dropped', count: dupSame });
    if (dupDifferent) skipped.push({ reason: 'rows repeating a (sp_id, rp_id) pair of the same file with another level or rationale: the first row is kept', count: dupDifferent });
    if (textConflicts.size) skipped.push({ reason: 'pairs whose post texts differ between files beyond whitespace (e.g. words removed): the longest text is kept', count: textConflicts.size });

    progress('Staging conversations and messages');
    const list = [...pairs.values()];
    const tables: Partial<Record<StudyTable, StagedTable>> = {};
    const first = paths.map((p) => p.split(/[\\/]/).pop()!).join(', ');
    tables.conversations = await stageRows(db, 'conversations', first, ['conversation_id', 'sp_id', 'rp_id'],
      list.map((p) => ({ values: [p.id, p.sp, p.rp], line: p.line, src: p.file })));
    tables.messages = await stageRows(db, 'messages', first, ['conversation_id', 'turn', 'role', 'text'],
      list.flatMap((p) => [
        { values: [p.id, '0', 'seeker', p.seeker.trim()], line: p.line, src: p.file },
        { values: [p.id, '1', 'supporter', p.response.trim()], line: p.line, src: p.file },
      ]));
    tables.scores = await stageRows(db, 'scores', first, ['conversation_id', 'dimension', 'score', 'rater', 'evidence'], scoreRows);
    return {
      format: 'epitome',
      source: req.path,
      fingerprint: await fingerprintFiles(paths),
      tables,
      scoreSets,
      meta: { name: isDir(req.path) ? req.path.split(/[\\/]/).filter(Boolean).pop() : stem(req.path), source: req.path },
      skipped,
    };
  });
}

export const epitomeImporter: Importer = {
  format: 'epitome',
  detect: isEpitome,
  stage: (db, req, progress) => stageEpitome(db, req, progress),
};
