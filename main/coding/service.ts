// The coding service: one method per API call. Every edit goes through `edit()`, which makes it one event of
// the log (events.ts); reads go straight to the materialised tables.
import { CONSENSUS_CODER, type CheckedArgs, type CodeNode, type CodingAssignment, type MethodName, type Result, type SentenceKey } from '../api/contract/index.js';
import type { Db, Workspace } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { codingAgreement, disagreements } from './agreement.js';
import { buildAssignment, buildAssignments, codedConversation, codeSentences, findSame, listAssignments, visibleCoders } from './assignments.js';
import {
  assignmentOp, buildCreate, buildDelete, buildMerge, buildMove, buildSplit, buildUpdate, codeOp, getCode, listCodes, newId, nowIso,
} from './codebook.js';
import { refreshDerived } from './derived.js';
import { canUndoRedo, commitEdit, history, undoRedo, type EventHooks } from './events.js';
import { buildSetMemo, listMemos, memoFromRow } from './memos.js';
import { buildQueue, buildRating, listRatings, queueItems, ratingFromRow, rubric } from './ratings.js';
import { raterScoreSet } from './derived.js';
import { cooccurrence, cooccurrenceCell, frequencies } from './stats.js';
import { canonical, type AssignmentRow, type Op } from './tables.js';
import { lendAnEarCodebook, type TemplateCode } from './template.js';
import { exportCodebook, exportSegments } from './exports.js';
import { importCodebook } from './codebook-import.js';
import { importSegments } from './segments-import.js';
import { replayOnto } from './replay.js';
import type { TransferProgress } from './transfer-progress.js';
import { startExportJob, startImportJob } from './transfer-jobs.js';
import type { JobRunner } from '../jobs/runner.js';
import { LABELLINGS } from './sql.js';

export interface CodingDeps {
  workspace: () => Workspace;
  /** Runs imports and exports started as jobs (coding-import-start, coding-export-start). */
  jobs?: JobRunner;
  /** Test hook: runs inside each event's transaction just before it commits. */
  hooks?: EventHooks;
}

type A<M extends MethodName> = CheckedArgs<M>;
type R<M extends MethodName> = Promise<Result<M>>;

export class CodingService {
  constructor(private readonly deps: CodingDeps) {}

  private get db(): Db {
    return this.deps.workspace().db;
  }

  /** One event: the coder exists (created on first edit), then the builder's row changes. */
  /** `beforeCommit` runs last inside the event's transaction (a job's cancel check: throwing rolls the edit back). */
  async edit<T>(coder: string, kind: string, summary: string, args: unknown, build: (db: Db) => Promise<{ ops: Op[]; result: T }>, opts: { asConsensus?: boolean; beforeCommit?: () => void } = {}) {
    if (coder === CONSENSUS_CODER && !opts.asConsensus) throw new UserError(`"${CONSENSUS_CODER}" is kept for resolved codes; edit as a named coder`, 'invalid-args');
    const db = this.db;
    const hooks = this.deps.hooks;
    const last = opts.beforeCommit;
    return commitEdit(db, {
      coder, kind, summary, args,
      build: async () => {
        const out = await build(db);
        return { ops: out.ops.length ? [...(await coderOps(db, coder)), ...out.ops] : [], result: out.result };
      },
    }, refreshDerived, last ? { beforeCommit: async (seq) => { await hooks?.beforeCommit?.(seq); last(); } } : hooks);
  }

  private async node(codeId: string): Promise<CodeNode> {
    const n = (await listCodes(this.db)).find((c) => c.codeId === codeId);
    if (!n) throw new UserError(`No code "${codeId}"`, 'not-found');
    return n;
  }

  async codebook(): R<'coding-codebook'> { return { codes: await listCodes(this.db) }; }

  async startCodebook(a: A<'coding-codebook-start'>): R<'coding-codebook-start'> {
    await this.edit(a.coder, 'codebook-start', `start codebook (${a.template})`, a, async (db) => {
      if (await db.value<number>(`SELECT count(*) FROM coding_codes`)) throw new UserError('The codebook already has codes; a starting codebook is for an empty one', 'conflict');
      // An empty start still records the coder, so it is one event either way.
      return { ops: a.template === 'empty' ? await coderOps(db, a.coder) : templateOps(lendAnEarCodebook()), result: {} };
    });
    return this.codebook();
  }

  async createCode(a: A<'coding-code-create'>): R<'coding-code-create'> {
    const { code } = await this.edit(a.coder, 'code-create', `create code "${a.name}"`, a, async (db) => {
      const row = await buildCreate(db, a);
      return { ops: [codeOp(row)], result: { code: row.code_id } };
    });
    return this.node(code);
  }

  async updateCode(a: A<'coding-code-update'>): R<'coding-code-update'> {
    await this.edit(a.coder, 'code-update', `edit code ${a.codeId}`, a, async (db) => {
      const row = await buildUpdate(db, a.codeId, a);
      const cur = await getCode(db, a.codeId);
      return { ops: JSON.stringify(canonical('coding_codes', row)) === JSON.stringify(canonical('coding_codes', cur)) ? [] : [codeOp(row)], result: {} };
    });
    return this.node(a.codeId);
  }

  async moveCode(a: A<'coding-code-move'>): R<'coding-code-move'> {
    await this.edit(a.coder, 'code-move', `move code ${a.codeId}`, a, async (db) => ({ ops: await buildMove(db, a.codeId, a.parentId, a.position), result: {} }));
    return this.node(a.codeId);
  }

  async deleteCode(a: A<'coding-code-delete'>): R<'coding-code-delete'> {
    const r = await this.edit(a.coder, 'code-delete', `delete code ${a.codeId}`, a, async (db) => {
      const d = await buildDelete(db, a.codeId);
      return { ops: d.ops, result: { movedAssignments: d.moved, removedAssignments: d.removed } };
    });
    return { movedAssignments: r.movedAssignments, removedAssignments: r.removedAssignments };
  }

  async mergeCodes(a: A<'coding-code-merge'>): R<'coding-code-merge'> {
    await this.edit(a.coder, 'code-merge', `merge code ${a.sourceId} into ${a.targetId}`, a, async (db) => ({ ops: (await buildMerge(db, a.sourceId, a.targetId)).ops, result: {} }));
    return this.node(a.targetId);
  }

  async splitCode(a: A<'coding-code-split'>): R<'coding-code-split'> {
    const { code } = await this.edit(a.coder, 'code-split', `split "${a.name}" from code ${a.codeId}`, a, async (db) => {
      const s = await buildSplit(db, a.codeId, a.name, a.by);
      return { ops: s.ops, result: { code: s.code.code_id } };
    });
    return this.node(code);
  }

  async setMemo(a: A<'coding-memo-set'>): R<'coding-memo-set'> {
    const { memo } = await this.edit(a.coder, 'memo-set', `memo on ${a.target.kind} ${a.target.id}`, a, async (db) => {
      const m = await buildSetMemo(db, a.coder, a.target, a.text);
      return { ops: m.ops, result: { memo: m.memo } };
    });
    return { memo: memo ? memoFromRow(memo) : null };
  }

  async memos(a: NonNullable<A<'coding-memos'>>): R<'coding-memos'> { return { memos: await listMemos(this.db, a) }; }

  async coders(): R<'coding-coders'> {
    const rows = await this.db.all<{ name: string; createdAt: string; assignments: number }>(`SELECT c.name, c.created_at AS "createdAt",
        (SELECT count(*) FROM coding_assignments a WHERE a.coder = c.name) AS assignments FROM coding_coders c ORDER BY c.name`);
    return { coders: rows };
  }

  async createCoder(name: string): R<'coding-coder-create'> {
    if (name === CONSENSUS_CODER) throw new UserError(`"${CONSENSUS_CODER}" is kept for resolved codes`, 'invalid-args');
    if (await this.db.value<number>(`SELECT count(*) FROM coding_coders WHERE name = ?`, [name])) throw new UserError(`Coder "${name}" already exists`, 'conflict');
    await commitEdit(this.db, { coder: name, kind: 'coder-create', summary: `add coder "${name}"`, args: { name }, build: async () => ({ ops: await coderOps(this.db, name), result: {} }) }, refreshDerived, this.deps.hooks);
    return (await this.coders()).coders.find((c) => c.name === name)!;
  }

  async assign(a: A<'coding-assign'>): R<'coding-assign'> {
    const { id } = await this.edit(a.coder, 'assign', `assign code ${a.codeId} to a ${a.unit.grain}`, a, async (db) => {
      await getCode(db, a.codeId);
      const row = await buildAssignment(db, a.coder, a.codeId, a.unit);
      const same = await findSame(db, row);
      return same ? { ops: [], result: { id: same } } : { ops: [assignmentOp(row)], result: { id: row.assignment_id } };
    });
    return this.assignmentById(id);
  }

  async assignMany(a: A<'coding-assign-many'>): R<'coding-assign-many'> {
    const r = await this.edit(a.coder, 'assign', `assign code ${a.codeId} to ${a.units.length} units`, a, async (db) => {
      await getCode(db, a.codeId);
      const ops = (await buildAssignments(db, a.coder, a.codeId, a.units)).map((r) => assignmentOp(r));
      return { ops, result: { assignments: ops.length } };
    });
    return { assignments: r.assignments };
  }

  async unassign(a: A<'coding-unassign'>): R<'coding-unassign'> {
    const r = await this.edit(a.coder, 'unassign', `remove assignment ${a.assignmentId}`, a, async (db) => {
      const row = await db.one<AssignmentRow>(`SELECT * FROM coding_assignments WHERE assignment_id = ?`, [a.assignmentId]);
      if (!row) throw new UserError(`No assignment "${a.assignmentId}"`, 'not-found');
      return { ops: [assignmentOp(null, a.assignmentId)], result: { removed: true } };
    });
    return { removed: r.removed };
  }

  private async assignmentById(id: string): Promise<CodingAssignment> {
    return (await listAssignments(this.db, { assignmentId: id, limit: 1 })).rows[0];
  }

  async assignments(a: NonNullable<A<'coding-assignments'>>): R<'coding-assignments'> { return listAssignments(this.db, a); }
  async conversation(a: A<'coding-conversation'>): R<'coding-conversation'> { return codedConversation(this.db, a.conversationId, a); }
  async codeSentences(a: A<'coding-code-sentences'>): R<'coding-code-sentences'> { return codeSentences(this.db, a.codeId, a); }

  private async stepEvent(seq: number | null) {
    if (seq === null) return { event: null };
    return { event: (await history(this.db, { before: seq + 1, limit: 1 }))[0] };
  }

  async undo(coder: string): R<'coding-undo'> { return this.stepEvent(await undoRedo(this.db, coder, 'undo', refreshDerived, this.deps.hooks)); }
  async redo(coder: string): R<'coding-redo'> { return this.stepEvent(await undoRedo(this.db, coder, 'redo', refreshDerived, this.deps.hooks)); }

  async history(a: NonNullable<A<'coding-history'>>): R<'coding-history'> {
    const events = await history(this.db, a);
    const can = a.coder ? await canUndoRedo(this.db, a.coder) : null;
    return { events, canUndo: can?.canUndo ?? null, canRedo: can?.canRedo ?? null };
  }

  async agreement(a: NonNullable<A<'coding-agreement'>>): R<'coding-agreement'> { return codingAgreement(this.db, a.coders); }
  async disagreements(a: NonNullable<A<'coding-disagreements'>>): R<'coding-disagreements'> { return disagreements(this.db, a); }

  /** The consensus on a sentence: the given codes, or with none, "no code" (so the labellings stop using the coders' codes there). */
  async resolve(a: A<'coding-resolve'>): R<'coding-resolve'> {
    const s = a.sentence;
    const codeIds = [...new Set(a.codeIds)];
    const r = await this.edit(a.resolvedBy, 'resolve', `resolve ${s.conversationId} ${s.turn}.${s.sentenceIndex}${codeIds.length ? '' : ' as no code'}`, a, async (db) => {
      for (const id of codeIds) await getCode(db, id);
      const old = await db.all<{ assignment_id: string }>(`SELECT assignment_id FROM coding_assignments WHERE coder = ? AND grain = 'sentence'
        AND conversation_id = ? AND turn = ? AND sentence_index = ?`, [CONSENSUS_CODER, s.conversationId, s.turn, s.sentenceIndex]);
      const ops: Op[] = [...(await coderOps(db, CONSENSUS_CODER)), ...old.map((o) => assignmentOp(null, o.assignment_id))];
      for (const codeId of codeIds) ops.push(assignmentOp(await buildAssignment(db, CONSENSUS_CODER, codeId, { grain: 'sentence', ...s })));
      ops.push(await noCodeOp(db, s, codeIds.length ? null : a.resolvedBy));
      return { ops, result: { codeIds } };
    });
    return { codeIds: r.codeIds };
  }

  async cooccurrence(a: NonNullable<A<'coding-cooccurrence'>>): R<'coding-cooccurrence'> { return cooccurrence(this.db, a.coders?.length ? a.coders : null, a.depth ?? null); }
  async cooccurrenceCell(a: A<'coding-cooccurrence-cell'>): R<'coding-cooccurrence-cell'> {
    return cooccurrenceCell(this.db, a.a, a.b, a.coders?.length ? a.coders : null, a.limit ?? 200);
  }
  async frequencies(a: NonNullable<A<'coding-frequencies'>>): R<'coding-frequencies'> { return { rows: await frequencies(this.db, a.coders?.length ? a.coders : null, a.depth ?? null) }; }

  async rubric(): R<'coding-rubric'> { return rubric(); }

  async createQueue(a: A<'coding-rating-queue-create'>): R<'coding-rating-queue-create'> {
    await this.edit(a.rater, 'rating-queue', `draw a queue of ${a.size} for ${a.rater}`, a, async (db) => ({ ops: (await buildQueue(db, a.rater, a.size, a.seed ?? 1)).ops, result: {} }));
    return { items: await queueItems(this.db, a.rater) };
  }

  async queue(rater: string): R<'coding-rating-queue'> { return { items: await queueItems(this.db, rater) }; }

  async rate(a: A<'coding-rate'>): R<'coding-rate'> {
    const { row } = await this.edit(a.rater, 'rate', `rate ${a.conversationId}`, a, async (db) => {
      const r = await buildRating(db, a.rater, a.conversationId, a.scores, a.note ?? '');
      return { ops: r.ops, result: { row: r.row } };
    });
    return ratingFromRow(row);
  }

  async ratings(a: A<'coding-ratings'>): R<'coding-ratings'> {
    return { ratings: await listRatings(this.db, a.rater, a.conversationId), scoreSetId: raterScoreSet(a.rater) };
  }

  async exportCodebook(a: A<'coding-codebook-export'>, job?: TransferProgress): R<'coding-codebook-export'> { return exportCodebook(this.db, a, job); }
  async exportSegments(a: NonNullable<A<'coding-segments-export'>>, job?: TransferProgress): R<'coding-segments-export'> {
    return exportSegments(this.db, { ...a, coders: visibleCoders({ coders: a.coders }) }, job);
  }

  async importCodebook(a: A<'coding-codebook-import'>, job?: TransferProgress): R<'coding-codebook-import'> {
    return this.edit(a.coder, 'codebook-import', `import a ${a.format} codebook`, { format: a.format }, async (db) => importCodebook(db, a.format, a.content, job),
      { beforeCommit: job?.checkCancelled })
      .then((r) => ({ created: r.created, existing: r.existing }));
  }

  async importSegments(a: A<'coding-segments-import'>, job?: TransferProgress): R<'coding-segments-import'> {
    return this.edit(a.coder, 'segments-import', `import coded segments${a.source ? ` from ${a.source}` : ''}`, { source: a.source ?? null },
      async (db) => importSegments(db, a.coder, a.csv, a.source ?? 'the CSV', job), { beforeCommit: job?.checkCancelled })
      .then((r) => ({ assignments: r.assignments, codesCreated: r.codesCreated }));
  }

  async startExport(a: A<'coding-export-start'>): R<'coding-export-start'> { return { jobId: startExportJob(this, this.jobRunner(), a).id }; }
  async startImport(a: A<'coding-import-start'>): R<'coding-import-start'> { return { jobId: startImportJob(this, this.jobRunner(), a).id }; }

  private jobRunner(): JobRunner {
    if (!this.deps.jobs) throw new Error('CodingService was made without a job runner');
    return this.deps.jobs;
  }

  async replay(a: A<'coding-replay'>): R<'coding-replay'> {
    const r = await this.edit(a.coder, 'replay', `replay ${a.fromModelId} onto ${a.toModelId}`, a, async (db) => {
      const out = await replayOnto(db, a.fromModelId, a.toModelId, a.minSimilarity ?? 0.5);
      return { ops: out.ops, result: { report: out.report } };
    });
    return r.report;
  }

  async labellings(): R<'coding-labellings'> {
    const rows = await this.db.all<{ labelling: string; sentences: number }>(`SELECT labelling, count(DISTINCT (conversation_id, turn, sentence_index)) AS sentences
      FROM sentence_labels WHERE labelling LIKE 'coding:%' GROUP BY 1`);
    return { labellings: LABELLINGS.map((l) => ({ labelling: l.labelling, sentences: rows.find((r) => r.labelling === l.labelling)?.sentences ?? 0 })) };
  }
}

/** Sets (resolver given) or clears the sentence's "no code" resolution; the sentence must exist. */
async function noCodeOp(db: Db, s: SentenceKey, resolvedBy: string | null): Promise<Op> {
  const key = JSON.stringify([s.conversationId, s.turn, s.sentenceIndex]);
  if (resolvedBy === null) return { table: 'coding_no_code', key, row: null };
  if (!(await db.value<number>(`SELECT count(*) FROM sentences WHERE conversation_id = ? AND turn = ? AND sentence_index = ?`, [s.conversationId, s.turn, s.sentenceIndex]))) {
    throw new UserError(`No sentence unit ${s.conversationId} ${s.turn}.${s.sentenceIndex}`, 'not-found');
  }
  return { table: 'coding_no_code', key, row: canonical('coding_no_code', { sentence_key: key, conversation_id: s.conversationId, turn: s.turn, sentence_index: s.sentenceIndex, resolved_by: resolvedBy, ts: nowIso() }) };
}

/** The coder row, when the coder has none yet (first edit). */
async function coderOps(db: Db, coder: string): Promise<Op[]> {
  if (await db.value<number>(`SELECT count(*) FROM coding_coders WHERE name = ?`, [coder])) return [];
  return [{ table: 'coding_coders', key: coder, row: canonical('coding_coders', { name: coder, created_at: nowIso() }) }];
}

function templateOps(codes: TemplateCode[], parentId: string | null = null, ops: Op[] = []): Op[] {
  codes.forEach((c, i) => {
    const id = newId('code');
    ops.push(codeOp({
      code_id: id, parent_id: parentId, name: c.name, color: c.color, definition: c.definition, inclusion: c.inclusion ?? '', exclusion: '',
      examples: '[]', position: i, created_at: nowIso(),
    }));
    if (c.children) templateOps(c.children, id, ops);
  });
  return ops;
}
