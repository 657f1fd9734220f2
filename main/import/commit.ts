import { randomUUID } from 'node:crypto';
import { ident, literal, type Db } from '../db/workspace.js';
import { SCENARIO_TYPE } from '../domain/study.js';
import type { ImportMode, ImportReport, TableName } from '../api/contract/index.js';
import { HAS_EXTRA, SQL_TYPE, STUDY_TABLES, type StudyTable } from './fields.js';
import { ImportError } from './import-error.js';
import { trimsToTextSql } from '../text/words.js';
import { SENTENCES_FROM_UNITS, startSentenceSplit, writeUnits, type SentenceStageOptions } from './sentence-stage.js';
import { taxonomyNotStored } from './validate.js';
import type { StagedTable } from './stage.js';
import type { StagedStudy } from './staged-study.js';

export interface CommitProgress {
  progress(done: number, total: number, message: string): void;
  checkCancelled(): void;
}

/** Which earlier imports this one collides with: the same source fingerprint, shared conversation ids or score set ids. */
export async function findConflict(db: Db, s: StagedStudy): Promise<{ importIds: string[]; message: string } | null> {
  const sameSource = await db.all<{ import_id: string; source: string; started_at: string }>(
    `SELECT import_id, source, CAST(started_at AS VARCHAR) AS started_at FROM imports WHERE fingerprint = ?`, [s.fingerprint]);
  const overlap = await db.all<{ import_id: string; n: number }>(
    `SELECT c.import_id, count(*) AS n FROM conversations c SEMI JOIN stage_conversations s USING (conversation_id) GROUP BY c.import_id`);
  const raters = Object.keys(s.scoreSets);
  const sets = raters.length
    ? await db.all<{ import_id: string | null; score_set_id: string }>(
        `SELECT import_id, score_set_id FROM score_sets WHERE score_set_id IN (${raters.map(literal).join(', ')})`)
    : [];
  const ids = new Set<string>([...sameSource.map((r) => r.import_id), ...overlap.map((r) => r.import_id)]);
  for (const r of sets) if (r.import_id) ids.add(r.import_id);
  if (ids.size === 0 && sets.length === 0) return null;
  const parts: string[] = [];
  if (sameSource.length) parts.push(`this source was already imported (${sameSource[0].source}, ${sameSource[0].started_at})`);
  const n = overlap.reduce((a, r) => a + r.n, 0);
  if (n) parts.push(`${n} of its conversation ids are already in the workspace`);
  if (sets.length) parts.push(`score set${sets.length > 1 ? 's' : ''} ${sets.map((r) => `"${r.score_set_id}"`).join(', ')} already exist${sets.length > 1 ? "" : "s"}`);
  return { importIds: [...ids], message: parts.join('; ') };
}

const DATA_TABLES = ['conversation_stats', 'participants', 'conversations', 'messages', 'sentences', 'scores', 'score_sets', 'self_reports', 'pairwise', 'taxonomy', 'sentence_labels'] as const;

/**
 * Writes a validated staged study in one transaction, the sentence split included (into scratch tables), so a
 * cancel or failure leaves the workspace untouched.
 */
export async function commitStaged(db: Db, s: StagedStudy, mode: ImportMode, p: CommitProgress, splitOptions?: SentenceStageOptions): Promise<ImportReport> {
  const started = Date.now();
  const conflict = await findConflict(db, s);
  if (conflict && mode !== 'replace') {
    throw new ImportError(`${conflict.message}. Nothing was imported; choose "replace" to replace the earlier import, or use another workspace.`, { file: s.source });
  }
  const clearSimulated = await refuseRealDataInSimulatedWorkspace(db, s, conflict?.importIds ?? []);
  const importId = `imp-${randomUUID().slice(0, 8)}`;
  const rows: Partial<Record<TableName, number>> = {};
  const skipped = [...s.skipped];
  await db.transaction(async () => {
    // The split reads the supporter messages first, then runs in JavaScript while DuckDB writes every table that does not
    // need its units (at 100x ~9 s of one core against ~13 s of DuckDB's CPU, which were one after the other).
    const splitting = 'Splitting supporter messages into sentences and writing to the workspace';
    p.progress(0, 1, splitting);
    let failed = false;
    const split = await startSentenceSplit(db, (d, n) => p.progress(d, n, splitting), () => {
      // A failed write stops the split at its next progress report rather than letting it run to the end.
      if (failed) throw new Error('the import failed while splitting');
      p.checkCancelled();
    }, splitOptions);
    const t = s.tables;
    try {
      if (conflict) {
        for (const table of DATA_TABLES) await db.run(`DELETE FROM ${table} WHERE import_id IN (${conflict.importIds.map(literal).join(', ')})`);
        await db.run(`DELETE FROM score_sets WHERE score_set_id IN (${Object.keys(s.scoreSets).map(literal).join(', ') || "''"})`);
        await db.run(`DELETE FROM imports WHERE import_id IN (${conflict.importIds.map(literal).join(', ')})`);
      }
      if (clearSimulated) await db.run(`DELETE FROM study_meta WHERE key IN ('simulated', 'demo_complete', 'generating_effects')`);
      await db.run(`INSERT INTO imports VALUES (?, ?, ?, ?, now(), NULL, NULL)`, [importId, s.format, s.source, s.fingerprint]);
      if (t.participants) rows.participants = await insert(db, 'participants', t.participants, importId);
      rows.conversations = await insert(db, 'conversations', t.conversations!, importId);
      // Empty messages = staged rows the insert left out: one pass over the text instead of three.
      const staged = await db.value<number>(`SELECT count(*) FROM stage_messages`);
      rows.messages = await insert(db, 'messages', t.messages!, importId, `text IS NOT NULL AND ${trimsToTextSql('text')}`);
      const emptyMessages = staged - rows.messages;
      if (emptyMessages) skipped.push({ reason: 'empty message (turn kept in order, text skipped)', count: emptyMessages });
      if (t.scores) {
        rows.scores = await insertScores(db, s, t.scores, importId);
        rows.score_sets = Object.keys(s.scoreSets).length;
      }
      if (t.self_reports) rows.self_reports = await insert(db, 'self_reports', t.self_reports, importId);
      if (t.pairwise) rows.pairwise = await insert(db, 'pairwise', t.pairwise, importId);
      if (t.taxonomy) {
        // Categories are one taxonomy across imports (its primary key): one another import keeps (a replaced import's
        // rows are gone by now) is named at its line, not left to DuckDB's constraint error.
        await taxonomyNotStored(db, t.taxonomy);
        rows.taxonomy = await insert(db, 'taxonomy', t.taxonomy, importId);
      }
      if (t.sentence_labels) rows.sentence_labels = await insert(db, 'sentence_labels', t.sentence_labels, importId, undefined, { labelling: literal(s.labelling ?? 'ground-truth') });
    } catch (e) {
      // The rollback must wait for the split: it reads nothing more from DuckDB, but its worker threads must end.
      failed = true;
      await split.done.catch(() => {});
      throw e;
    }
    const units = await writeUnits(db, await split.done, splitOptions);
    p.checkCancelled();
    p.progress(0, 1, 'Writing to the workspace');
    await db.run(SENTENCES_FROM_UNITS, [importId]);
    rows.sentences = units;
    await db.run(CONVERSATION_STATS_SQL, [importId, importId, importId]);
    const meta = Object.entries(s.meta);
    if (meta.length) {
      await db.run(`INSERT OR REPLACE INTO study_meta VALUES ${meta.map(() => '(?, ?)').join(', ')}`,
        meta.flatMap(([key, value]) => [key, JSON.stringify(value)]));
    }
    const report: ImportReport = {
      importId, format: s.format, source: s.source, rows, skipped, scoreSets: Object.keys(s.scoreSets),
      replaced: conflict ? conflict.importIds.join(', ') : null, elapsedMs: 0,
    };
    report.elapsedMs = Date.now() - started;
    await db.run(`UPDATE imports SET finished_at = now(), report = ? WHERE import_id = ?`, [JSON.stringify(report), importId]);
  });
  const report = JSON.parse(await db.value<string>(`SELECT CAST(report AS VARCHAR) FROM imports WHERE import_id = ?`, [importId])) as ImportReport;
  return report;
}

// One row per conversation with everything the explorer lists and filters: a single-table scan per request instead of
// joining participants and aggregating millions of messages per keystroke. Messages are counted per conversation
// before the join. The search text columns stay NULL: the search-index job builds the text after the import
// (main/search/search-text.ts), where lower-casing and joining every message no longer holds the import up (it was half
// the write's CPU at 100x, 25.5 of 50.2 s).
const CONVERSATION_STATS_SQL = `
INSERT INTO conversation_stats
WITH m AS (SELECT conversation_id, count(*) AS n FROM messages WHERE import_id = ? GROUP BY conversation_id)
SELECT c.conversation_id, c.participant_id, p.condition, c.round, c.scenario, c.scenario_type,
  coalesce(m.n, 0), coalesce(w.words, 0), NULL, NULL, ?
FROM conversations c LEFT JOIN participants p USING (participant_id) LEFT JOIN m USING (conversation_id)
  -- Words = space or line-break separated tokens, counted during the sentence split (main/text/words.ts).
  LEFT JOIN temp.main.stage_supporter_words w USING (conversation_id)
WHERE c.import_id = ?`;

/**
 * A workspace labelled simulated must not silently take real data: everything in it would be shown
 * under the SIMULATED label. Replacing every earlier import is allowed; the label then follows the new data.
 */
async function refuseRealDataInSimulatedWorkspace(db: Db, s: StagedStudy, replaced: string[]): Promise<boolean> {
  if (s.meta.simulated === true) return false;
  const simulated = await db.value<string | null>(`SELECT CAST(value AS VARCHAR) FROM study_meta WHERE key = 'simulated'`);
  if (simulated !== 'true') return false;
  const remaining = await db.value<number>(
    `SELECT count(*) FROM imports${replaced.length ? ` WHERE import_id NOT IN (${replaced.map(literal).join(', ')})` : ''}`);
  if (remaining > 0) {
    throw new ImportError('this workspace holds the simulated demo study; open or create another workspace for real data, so that it is not shown under the SIMULATED label', { file: s.source });
  }
  return true;
}

/** INSERT … SELECT with casts; unknown source columns go into the table's JSON column. */
async function insert(
  db: Db, table: StudyTable, staged: StagedTable, importId: string, where?: string, constants: Record<string, string> = {},
): Promise<number> {
  const fields = STUDY_TABLES[table];
  const known = new Set<string>(fields.map((f) => f.name));
  const cols: string[] = [];
  const exprs: string[] = [];
  for (const f of fields) {
    cols.push(ident(f.name));
    exprs.push(staged.columns.includes(f.name) ? castExpr(f.name, f.type) : 'NULL');
  }
  if (table === 'conversations' && staged.columns.includes('scenario')) {
    const i = cols.indexOf('"scenario_type"');
    exprs[i] = `coalesce(${exprs[i]}, ${scenarioTypeCase()})`;
  }
  const extraCol = HAS_EXTRA[table];
  if (extraCol) {
    const extras = staged.columns.filter((c) => !known.has(c));
    cols.push(ident(extraCol));
    exprs.push(extras.length ? `json_object(${extras.map((c) => `${literal(c)}, ${ident(c)}`).join(', ')})` : 'NULL');
  }
  for (const [k, v] of Object.entries(constants)) { cols.push(ident(k)); exprs.push(v); }
  cols.push('import_id');
  exprs.push(literal(importId));
  // DuckDB answers an INSERT with the number of rows it wrote.
  return Number(await db.value<number>(
    `INSERT INTO ${table} (${cols.join(', ')}) SELECT ${exprs.join(', ')} FROM ${ident(staged.stage)}${where ? ` WHERE ${where}` : ''}`));
}

async function insertScores(db: Db, s: StagedStudy, staged: StagedTable, importId: string): Promise<number> {
  for (const [rater, spec] of Object.entries(s.scoreSets)) {
    await db.run(`INSERT INTO score_sets VALUES (?, ?, ?, ?, ?, now(), ?, ?)`,
      [rater, rater, spec.kind, spec.scaleMin, spec.scaleMax, JSON.stringify({ source: s.source, format: s.format, ...spec.provenance }), importId]);
  }
  const opt = (c: string) => (staged.columns.includes(c) ? ident(c) : 'NULL');
  return Number(await db.value<number>(
    `INSERT INTO scores SELECT rater, conversation_id, dimension, TRY_CAST(nullif(trim(score), '') AS DOUBLE), ${opt('rationale')}, ${opt('evidence')}, ?
     FROM ${ident(staged.stage)}`, [importId]));
}

function castExpr(name: string, type: keyof typeof SQL_TYPE): string {
  if (type === 'string') return `nullif(${ident(name)}, '')`;
  return `TRY_CAST(nullif(trim(${ident(name)}), '') AS ${SQL_TYPE[type]})`;
}

function scenarioTypeCase(): string {
  return `CASE scenario ${Object.entries(SCENARIO_TYPE).map(([k, v]) => `WHEN ${literal(k)} THEN ${literal(v)}`).join(' ')} END`;
}
