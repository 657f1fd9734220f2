// Lend an Ear transcripts as published (Kumar et al. replication data): a folder with conversations.csv
// (`conversation_id, full_conversation[, response_length]`, the transcript as lines `Seeker: …` /
// `Supporter: …`) and rating files (`conversation_id` + the six dimension columns), one score set each.
import { join } from 'node:path';
import type { Db } from '../../db/workspace.js';
import type { ImportRequest } from '../../api/contract/index.js';
import { DIMENSIONS, type Scenario } from '../../domain/study.js';
import { fingerprintFiles } from '../fingerprint.js';
import { ImportError } from '../import-error.js';
import type { Importer } from '../importer.js';
import { isDir } from '../registry.js';
import { stageRows, type StagedTable } from '../stage.js';
import type { ScoreSetSpec, StagedStudy } from '../staged-study.js';
import type { StudyTable } from '../fields.js';
import {
  cleanOnFailure, countNewlines, csvHeader, diceSimilarity, isFile, listDir, normalizeText, readCsv, stem, type CsvData,
} from './common.js';

export const TRANSCRIPT_FILE = 'conversations.csv';
export const RATINGS_FOLDER = 'ratings';

/** The conversation starters of the five role-play scenarios (paper, Supplementary Information A). */
export const LEND_AN_EAR_STARTERS: Record<Scenario, string> = {
  job_loss: "So, I just lost my job today. I had a sense this was coming, but it's still a shock..",
  passed_over_promotion: "I'm feeling so discouraged.. I just got passed over for the promotion I was working hard for",
  undervalued_at_work: "I've been working so hard but I don't think anyone cares..",
  parent_cancer: "I still can't believe it... my mom just got diagnosed with cancer. It feels like my whole world just flipped.",
  parent_death: "I lost my dad last week.. I still can't believe he's really gone..",
};

const NORMALIZED_STARTERS = Object.entries(LEND_AN_EAR_STARTERS).map(([scenario, text]) => ({
  scenario: scenario as Scenario,
  text: normalizeText(text),
}));

/**
 * The scenario whose starter the seeker's opening line matches, ignoring case, punctuation and spacing:
 * the line starts with the starter, or is a prefix of it of at least 20 characters, or is at least 80% similar
 * (character-bigram Dice) to the starter. Null when nothing matches.
 */
export function inferScenario(openingLine: string): Scenario | null {
  const line = normalizeText(openingLine);
  if (line.length < 8) return null;
  let best: { scenario: Scenario; sim: number } | null = null;
  for (const s of NORMALIZED_STARTERS) {
    if (line.startsWith(s.text)) return s.scenario;
    if (s.text.startsWith(line) && line.length >= Math.min(20, 0.6 * s.text.length)) return s.scenario;
    const sim = diceSimilarity(line.slice(0, s.text.length + 8), s.text);
    if (!best || sim > best.sim) best = { scenario: s.scenario, sim };
  }
  return best && best.sim >= 0.8 ? best.scenario : null;
}

export interface Turn {
  role: 'seeker' | 'supporter';
  text: string;
  /** 0-based line within the transcript where the turn starts. */
  lineOffset: number;
}

const PREFIX = /^[ \t]*(seeker|supporter)[ \t]*:[ \t]?/i;

/**
 * Splits a transcript into turns. A turn starts at a line beginning `Seeker:` or `Supporter:` (any case)
 * and continues over the following lines until the next such line. Texts are trimmed; empty turns are
 * returned with text '' so that turn numbers keep their positions.
 */
export function parseTranscript(transcript: string): { turns: Turn[]; preamble: { text: string; lineOffset: number } | null } {
  const lines = transcript.replace(/\r\n?/g, '\n').split('\n');
  const turns: Turn[] = [];
  const bodies: string[][] = [];
  let preamble: { text: string; lineOffset: number } | null = null;
  lines.forEach((ln, i) => {
    const m = PREFIX.exec(ln);
    if (m) {
      turns.push({ role: m[1].toLowerCase() as Turn['role'], text: '', lineOffset: i });
      bodies.push([ln.slice(m[0].length)]);
    } else if (bodies.length) {
      bodies[bodies.length - 1].push(ln);
    } else if (ln.trim() && !preamble) {
      preamble = { text: ln.trim(), lineOffset: i };
    }
  });
  turns.forEach((t, i) => { t.text = bodies[i].join('\n').trim(); });
  return { turns, preamble };
}

/** Score sets from files named expert*, crowd*, human*, annotator*, coder*, rater* or worker* are human ratings; every other file (gpt, gemini, claude, a judge run) is an LLM's. */
export function ratingKind(setName: string): 'human' | 'llm' {
  return /^(expert|crowd|human|annotator|coder|rater|worker|participant)/i.test(setName) ? 'human' : 'llm';
}

/** Columns that name an individual rater: a file with one is a per-rater annotation file, not one score set. */
const RATER_ID_COLUMNS = ['user_id', 'worker_id', 'annotator_id', 'rater_id', 'annotator', 'worker'];

const dimKey = (c: string) => c.trim().toLowerCase().replace(/[\s-]+/g, '_');
const isIndexColumn = (c: string) => c === '' || /^column\d+$/.test(c) || /^Unnamed: \d+$/.test(c) || c === 'index';

/** The dimension each column holds (score, rationale or evidence), by column index. */
function dimensionColumns(columns: string[]): { score: Map<string, number>; rationale: Map<string, number>; evidence: Map<string, number> } {
  const score = new Map<string, number>();
  const rationale = new Map<string, number>();
  const evidence = new Map<string, number>();
  columns.forEach((c, i) => {
    const k = dimKey(c);
    for (const d of DIMENSIONS) {
      if (k === d) score.set(d, i);
      else if (k === `${d}_rationale`) rationale.set(d, i);
      else if (k === `${d}_example` || k === `${d}_evidence`) evidence.set(d, i);
    }
  });
  return { score, rationale, evidence };
}

function hasTranscriptColumns(columns: string[]): boolean {
  const set = new Set(columns.map((c) => c.trim()));
  return set.has('conversation_id') && set.has('full_conversation');
}

export function isLendAnEar(path: string): boolean {
  if (isDir(path)) {
    const f = join(path, TRANSCRIPT_FILE);
    return isFile(f) && hasTranscriptColumns(csvHeader(f));
  }
  return /\.csv$/i.test(path) && isFile(path) && hasTranscriptColumns(csvHeader(path));
}

interface Source { path: string; file: string }

function sources(path: string): { transcript: Source; others: Source[] } {
  if (!isDir(path)) return { transcript: { path, file: path.split(/[\\/]/).pop()! }, others: [] };
  const transcript = join(path, TRANSCRIPT_FILE);
  if (!isFile(transcript)) {
    throw new ImportError(`no ${TRANSCRIPT_FILE} in this folder (a Lend an Ear folder holds ${TRANSCRIPT_FILE} and rating files)`, { file: path });
  }
  const others: Source[] = [];
  for (const name of listDir(path)) {
    if (name !== TRANSCRIPT_FILE && /\.csv$/i.test(name) && isFile(join(path, name))) others.push({ path: join(path, name), file: name });
  }
  const ratingsDir = join(path, RATINGS_FOLDER);
  if (isDir(ratingsDir)) {
    for (const name of listDir(ratingsDir)) {
      if (/\.csv$/i.test(name) && isFile(join(ratingsDir, name))) others.push({ path: join(ratingsDir, name), file: `${RATINGS_FOLDER}/${name}` });
    }
  }
  return { transcript: { path: transcript, file: TRANSCRIPT_FILE }, others };
}

type Row = { values: (string | null)[]; line: number; src: string };

export async function stageLendAnEar(db: Db, req: ImportRequest, progress: (m: string) => void): Promise<StagedStudy> {
  return cleanOnFailure(db, () => stage(db, req.path, progress));
}

async function stage(db: Db, path: string, progress: (m: string) => void): Promise<StagedStudy> {
  const { transcript, others } = sources(path);
  const skipped: StagedStudy['skipped'] = [];
  progress(`Reading ${transcript.file}`);
  const conv = await readCsv(db, transcript.path, transcript.file);
  const col = (name: string) => conv.columns.findIndex((c) => c.trim() === name);
  const idCol = col('conversation_id');
  const textCol = col('full_conversation');
  if (idCol < 0 || textCol < 0) {
    const missing = idCol < 0 ? 'conversation_id' : 'full_conversation';
    throw new ImportError(`missing required column "${missing}" (columns found: ${conv.columns.join(', ')})`, { file: transcript.file });
  }
  const dims = dimensionColumns(conv.columns);
  const dimCols = new Set([...dims.score.values(), ...dims.rationale.values(), ...dims.evidence.values()]);
  // Conversation columns: everything but the transcript, index columns and ratings; scenario is inferred when absent or empty.
  const keep = conv.columns.map((c, i) => i).filter((i) => i !== textCol && !isIndexColumn(conv.columns[i]) && !dimCols.has(i));
  const scenarioCol = col('scenario');
  const convColumns = keep.map((i) => conv.columns[i].trim());
  if (scenarioCol < 0) convColumns.push('scenario');

  const convRows: Row[] = [];
  const msgRows: Row[] = [];
  let emptyTurns = 0;
  const unmatched = new Map<string, number>();
  let unmatchedCount = 0;
  conv.rows.forEach((r, k) => {
    const id = r[idCol];
    const line = conv.lines[k];
    const text = r[textCol] ?? '';
    // Line where the transcript cell starts: line breaks in cells before it on the same record count.
    let textLine = line;
    for (let i = 0; i < textCol; i++) if (r[i]) textLine += countNewlines(r[i]!);
    const { turns, preamble } = parseTranscript(text);
    if (preamble) {
      throw new ImportError(
        `transcript text before the first "Seeker:" or "Supporter:" line: "${preamble.text.slice(0, 60)}"`,
        { file: transcript.file, line: textLine + preamble.lineOffset, column: 'full_conversation' },
      );
    }
    turns.forEach((t, turn) => {
      if (!t.text) { emptyTurns++; return; }
      msgRows.push({ values: [id, String(turn), t.role, t.text], line: textLine + t.lineOffset, src: transcript.file });
    });
    const values = keep.map((i) => r[i]);
    const opening = turns.find((t) => t.role === 'seeker' && t.text)?.text.split('\n')[0] ?? '';
    const given = scenarioCol >= 0 ? r[scenarioCol] : null;
    let scenario: string | null = given && given.trim() ? given : null;
    if (!scenario && turns.length) {
      scenario = turns[0].role === 'seeker' ? inferScenario(opening) : null;
      if (!scenario) {
        unmatchedCount++;
        const key = opening.slice(0, 70);
        unmatched.set(key, (unmatched.get(key) ?? 0) + 1);
      }
    }
    if (scenarioCol < 0) values.push(scenario);
    else values[keep.indexOf(scenarioCol)] = scenario;
    convRows.push({ values, line, src: transcript.file });
  });
  if (emptyTurns) {
    skipped.push({ reason: 'empty turns (a "Seeker:"/"Supporter:" line with no text): not imported as messages; turn numbers keep their positions', count: emptyTurns });
  }
  if (unmatchedCount) {
    const common = [...unmatched.entries()].sort((a, b) => b[1] - a[1])[0][0];
    skipped.push({
      reason: `conversations whose scenario could not be inferred: the seeker's opening line matches no known Lend an Ear starter (most common: "${common}…"); scenario left empty`,
      count: unmatchedCount,
    });
  }

  // Rating files: one score set each, named after the file.
  const scoreSets: Record<string, ScoreSetSpec> = {};
  const scoreRows: Row[] = [];
  const used = [transcript.path];
  const rated: { set: string; file: string; data: CsvData }[] = [];
  if (dims.score.size) rated.push({ set: stem(transcript.path), file: transcript.file, data: conv });
  for (const src of others) {
    progress(`Reading ${src.file}`);
    const data = await readCsv(db, src.path, src.file);
    const hasId = data.columns.some((c) => c.trim() === 'conversation_id');
    const d = dimensionColumns(data.columns);
    if (!hasId || d.score.size === 0) {
      skipped.push({ reason: `${src.file}: not a rating file (needs conversation_id and at least one of the six dimension columns); ignored`, count: data.rows.length });
      continue;
    }
    const raterCol = data.columns.find((c) => RATER_ID_COLUMNS.includes(c.trim().toLowerCase()));
    if (raterCol) {
      skipped.push({
        reason: `${src.file}: individual ratings, one row per rater ("${raterCol}"), not imported as score sets (one score set per file; aggregated ratings such as ratings/crowd.csv are imported)`,
        count: data.rows.length,
      });
      continue;
    }
    const set = stem(src.path);
    if (rated.some((x) => x.set === set)) {
      const other = rated.find((x) => x.set === set)!;
      throw new ImportError(`two rating files would both become score set "${set}" (${other.file} and ${src.file}); rename one`, { file: src.file });
    }
    rated.push({ set, file: src.file, data });
    used.push(src.path);
  }
  for (const { set, file, data } of rated) {
    const d = dimensionColumns(data.columns);
    const id = data.columns.findIndex((c) => c.trim() === 'conversation_id');
    let empty = 0;
    data.rows.forEach((r, k) => {
      for (const [dim, i] of d.score) {
        const v = r[i]?.trim();
        if (!v) { empty++; continue; }
        const rationale = d.rationale.has(dim) ? r[d.rationale.get(dim)!] : null;
        const evidence = d.evidence.has(dim) ? r[d.evidence.get(dim)!] : null;
        scoreRows.push({ values: [r[id], dim, v, set, rationale, evidence], line: data.lines[k], src: file });
      }
    });
    if (empty) skipped.push({ reason: `${file}: empty score cells`, count: empty });
    scoreSets[set] = {
      kind: ratingKind(set), scaleMin: 1, scaleMax: 5,
      provenance: { file, kindRule: 'expert*/crowd*/human*/annotator*/coder*/rater*/worker* files are human ratings, others LLM' },
    };
  }

  progress('Staging conversations and messages');
  const tables: Partial<Record<StudyTable, StagedTable>> = {};
  tables.conversations = await stageRows(db, 'conversations', transcript.file, convColumns, convRows);
  tables.messages = await stageRows(db, 'messages', transcript.file, ['conversation_id', 'turn', 'role', 'text'], msgRows);
  if (scoreRows.length) {
    tables.scores = await stageRows(db, 'scores', rated.map((r) => r.file).join(', '), ['conversation_id', 'dimension', 'score', 'rater', 'rationale', 'evidence'], scoreRows);
  }
  const name = isDir(path) ? path.split(/[\\/]/).filter(Boolean).pop() : stem(path);
  return {
    format: 'lend-an-ear',
    source: path,
    fingerprint: await fingerprintFiles(used),
    tables,
    scoreSets,
    meta: { name, source: path },
    skipped,
  };
}

export const lendAnEarImporter: Importer = {
  format: 'lend-an-ear',
  detect: isLendAnEar,
  stage: (db, req, progress) => stageLendAnEar(db, req, progress),
};
