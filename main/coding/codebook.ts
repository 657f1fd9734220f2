// The codebook tree: reading it with paths and counts, and the row changes of create, update, move, delete,
// merge and split. Builders run inside the edit's transaction and only return row changes (events.ts applies).
import { randomUUID } from 'node:crypto';
import type { CodeNode } from '../api/contract/index.js';
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { EFFECTIVE_CTES, TREE_CTE } from './sql.js';
import { canonical, type AssignmentRow, type CodeRow, type MemoRow, type Op } from './tables.js';

export const DEFAULT_COLOR = '#7f7f7f';
export const newId = (prefix: string) => `${prefix}-${randomUUID().replaceAll('-', '').slice(0, 12)}`;
export const nowIso = () => new Date().toISOString();

export const codeOp = (row: CodeRow | null, key = row!.code_id): Op => ({ table: 'coding_codes', key, row: row && canonical('coding_codes', row) });
export const assignmentOp = (row: AssignmentRow | null, key = row!.assignment_id): Op => ({ table: 'coding_assignments', key, row: row && canonical('coding_assignments', row) });
export const memoOp = (row: MemoRow | null, key = row!.memo_id): Op => ({ table: 'coding_memos', key, row: row && canonical('coding_memos', row) });

/** A code name is one path segment: '/' separates levels in paths, imports and labellings. */
export function checkName(name: string): string {
  const n = name.trim();
  if (!n) throw new UserError('A code needs a name', 'invalid-args');
  if (n.includes('/')) throw new UserError(`Code name "${n}" contains "/", which separates levels in code paths`, 'invalid-args');
  return n;
}

export async function listCodes(db: Db): Promise<CodeNode[]> {
  const rows = await db.all<CodeRow & { path: string; depth: number; sentences: number; assignments: number }>(`
    WITH RECURSIVE ${TREE_CTE}, ${EFFECTIVE_CTES},
    sent AS (SELECT code_id, count(DISTINCT (conversation_id, turn, sentence_index)) AS n FROM effective GROUP BY 1),
    asg AS (SELECT code_id, count(*) AS n FROM coding_assignments GROUP BY 1)
    SELECT c.*, t.path, t.depth, coalesce(sent.n, 0) AS sentences, coalesce(asg.n, 0) AS assignments
    FROM coding_codes c JOIN tree t USING (code_id) LEFT JOIN sent USING (code_id) LEFT JOIN asg USING (code_id)
    ORDER BY t.ids`);
  // ORDER BY ids gives parents before children but siblings by id; order siblings by position, depth first.
  const kids = new Map<string | null, typeof rows>();
  for (const r of rows) kids.set(r.parent_id, [...(kids.get(r.parent_id) ?? []), r]);
  const out: CodeNode[] = [];
  const walk = (parent: string | null) => {
    for (const r of (kids.get(parent) ?? []).sort((a, b) => a.position - b.position || a.name.localeCompare(b.name))) {
      out.push({
        codeId: r.code_id, parentId: r.parent_id, name: r.name, path: r.path, depth: r.depth, color: r.color, definition: r.definition,
        inclusion: r.inclusion, exclusion: r.exclusion, examples: JSON.parse(r.examples) as string[], position: r.position,
        sentences: r.sentences, assignments: r.assignments,
      });
      walk(r.code_id);
    }
  };
  walk(null);
  return out;
}

export async function getCode(db: Db, codeId: string): Promise<CodeRow> {
  const r = await db.one<CodeRow>(`SELECT * FROM coding_codes WHERE code_id = ?`, [codeId]);
  if (!r) throw new UserError(`No code "${codeId}"`, 'not-found');
  return r;
}

export async function childrenOf(db: Db, parentId: string | null): Promise<CodeRow[]> {
  return db.all<CodeRow>(`SELECT * FROM coding_codes WHERE parent_id IS NOT DISTINCT FROM ? ORDER BY position, name`, [parentId]);
}

async function assignmentsOf(db: Db, codeId: string): Promise<AssignmentRow[]> {
  return db.all<AssignmentRow>(`SELECT * FROM coding_assignments WHERE code_id = ?`, [codeId]);
}

async function checkSiblingName(db: Db, parentId: string | null, name: string, self: string | null): Promise<void> {
  const clash = (await childrenOf(db, parentId)).find((c) => c.name.toLowerCase() === name.toLowerCase() && c.code_id !== self);
  if (clash) throw new UserError(`A code named "${clash.name}" already exists there`, 'conflict');
}

export interface NewCode { parentId?: string | null; name: string; color?: string; definition?: string; inclusion?: string; exclusion?: string; examples?: string[] }

export async function buildCreate(db: Db, a: NewCode, id = newId('code')): Promise<CodeRow> {
  const name = checkName(a.name);
  const parentId = a.parentId ?? null;
  let color = a.color;
  if (parentId) color ??= (await getCode(db, parentId)).color;
  await checkSiblingName(db, parentId, name, null);
  const position = (await childrenOf(db, parentId)).reduce((m, c) => Math.max(m, c.position + 1), 0);
  return {
    code_id: id, parent_id: parentId, name, color: color ?? DEFAULT_COLOR, definition: a.definition ?? '', inclusion: a.inclusion ?? '',
    exclusion: a.exclusion ?? '', examples: JSON.stringify(a.examples ?? []), position, created_at: nowIso(),
  };
}

export async function buildUpdate(db: Db, codeId: string, a: Partial<Omit<NewCode, 'parentId'>>): Promise<CodeRow> {
  const cur = await getCode(db, codeId);
  const next: CodeRow = { ...cur };
  if (a.name !== undefined) {
    next.name = checkName(a.name);
    await checkSiblingName(db, cur.parent_id, next.name, codeId);
  }
  if (a.color !== undefined) next.color = a.color;
  if (a.definition !== undefined) next.definition = a.definition;
  if (a.inclusion !== undefined) next.inclusion = a.inclusion;
  if (a.exclusion !== undefined) next.exclusion = a.exclusion;
  if (a.examples !== undefined) next.examples = JSON.stringify(a.examples);
  return next;
}

/** Reparents and renumbers the new siblings so `position` is the code's place among them. */
export async function buildMove(db: Db, codeId: string, parentId: string | null, position?: number): Promise<Op[]> {
  const cur = await getCode(db, codeId);
  if (parentId) {
    await getCode(db, parentId);
    const chain = await db.value<string[]>(`WITH RECURSIVE ${TREE_CTE} SELECT ids FROM tree WHERE code_id = ?`, [parentId]);
    if (chain.includes(codeId)) throw new UserError('A code cannot move under itself or one of its descendants', 'invalid-args');
  }
  await checkSiblingName(db, parentId, cur.name, codeId);
  const siblings = (await childrenOf(db, parentId)).filter((c) => c.code_id !== codeId);
  const at = Math.min(position ?? siblings.length, siblings.length);
  siblings.splice(at, 0, { ...cur, parent_id: parentId });
  return siblings.map((c, i) => ({ ...c, position: i })).filter((c, i) => c.code_id === codeId || siblings[i].position !== c.position || c.parent_id !== siblings[i].parent_id)
    .map((c) => codeOp(c));
}

/** Children and assignments go to the parent (a top-level code's assignments are removed), memos too. */
export async function buildDelete(db: Db, codeId: string): Promise<{ ops: Op[]; moved: number; removed: number }> {
  const cur = await getCode(db, codeId);
  const ops: Op[] = [];
  const base = (await childrenOf(db, cur.parent_id)).filter((c) => c.code_id !== codeId).reduce((m, c) => Math.max(m, c.position + 1), 0);
  (await childrenOf(db, codeId)).forEach((c, i) => ops.push(codeOp({ ...c, parent_id: cur.parent_id, position: base + i })));
  const asg = await assignmentsOf(db, codeId);
  for (const a of asg) ops.push(assignmentOp(cur.parent_id ? { ...a, code_id: cur.parent_id } : null, a.assignment_id));
  for (const m of await db.all<MemoRow>(`SELECT * FROM coding_memos WHERE target_kind = 'code' AND target_id = ?`, [codeId])) {
    ops.push(memoOp(cur.parent_id ? { ...m, target_id: cur.parent_id } : null, m.memo_id));
  }
  ops.push(codeOp(null, codeId));
  return { ops, moved: cur.parent_id ? asg.length : 0, removed: cur.parent_id ? 0 : asg.length };
}

const joinText = (a: string, b: string, from: string) => (b.trim() === '' ? a : a.trim() === '' ? b : `${a}\n\n[from ${from}] ${b}`);

/** Source into target: assignments and memos re-pointed, children moved, texts kept side by side, source removed. */
export async function buildMerge(db: Db, sourceId: string, targetId: string): Promise<{ ops: Op[]; target: CodeRow }> {
  if (sourceId === targetId) throw new UserError('Merging a code into itself changes nothing', 'invalid-args');
  const src = await getCode(db, sourceId);
  const dst = await getCode(db, targetId);
  const chain = await db.value<string[]>(`WITH RECURSIVE ${TREE_CTE} SELECT ids FROM tree WHERE code_id = ?`, [targetId]);
  if (chain.includes(sourceId)) throw new UserError('A code cannot be merged into one of its own descendants', 'invalid-args');
  const target: CodeRow = {
    ...dst,
    definition: joinText(dst.definition, src.definition, src.name),
    inclusion: joinText(dst.inclusion, src.inclusion, src.name),
    exclusion: joinText(dst.exclusion, src.exclusion, src.name),
    examples: JSON.stringify([...new Set([...(JSON.parse(dst.examples) as string[]), ...(JSON.parse(src.examples) as string[])])]),
  };
  const ops: Op[] = [codeOp(target)];
  const base = (await childrenOf(db, targetId)).reduce((m, c) => Math.max(m, c.position + 1), 0);
  (await childrenOf(db, sourceId)).forEach((c, i) => ops.push(codeOp({ ...c, parent_id: targetId, position: base + i })));
  for (const a of await assignmentsOf(db, sourceId)) ops.push(assignmentOp({ ...a, code_id: targetId }));
  for (const m of await db.all<MemoRow>(`SELECT * FROM coding_memos WHERE target_kind = 'code' AND target_id = ?`, [sourceId])) {
    ops.push(memoOp({ ...m, target_id: targetId }));
  }
  ops.push(codeOp(null, sourceId));
  return { ops, target };
}

export type SplitBy = { kind: 'sentences'; sentences: { conversationId: string; turn: number; sentenceIndex: number }[] } | { kind: 'themes'; themes: { modelId: string; latent: number }[] };

/**
 * A new sibling takes part of a code. By themes: the code's assignments of those themes move. By sentences: the
 * code's sentence assignments there move; where a sentence has the code only through a theme, the new code gets a
 * sentence assignment and the old one an exclusion there (per coder), so each sentence ends up with one of the two.
 */
export async function buildSplit(db: Db, codeId: string, name: string, by: SplitBy): Promise<{ ops: Op[]; code: CodeRow }> {
  const cur = await getCode(db, codeId);
  const code = await buildCreate(db, { parentId: cur.parent_id, name, color: cur.color });
  const ops: Op[] = [codeOp(code)];
  const asg = await assignmentsOf(db, codeId);
  if (by.kind === 'themes') {
    const want = new Set(by.themes.map((t) => `${t.modelId}\u0000${t.latent}`));
    const moving = asg.filter((a) => a.grain === 'theme' && want.has(`${a.model_id}\u0000${a.latent}`));
    if (moving.length === 0) throw new UserError(`Code "${cur.name}" has no assignment of those themes`, 'invalid-args');
    for (const a of moving) ops.push(assignmentOp({ ...a, code_id: code.code_id }));
    return { ops, code };
  }
  const keys = new Set(by.sentences.map((s) => `${s.conversationId}\u0000${s.turn}\u0000${s.sentenceIndex}`));
  const keyOf = (r: { conversation_id: string | null; turn: number | null; sentence_index: number | null }) => `${r.conversation_id}\u0000${r.turn}\u0000${r.sentence_index}`;
  const direct = asg.filter((a) => a.grain === 'sentence' && !a.exclude && keys.has(keyOf(a)));
  for (const a of direct) ops.push(assignmentOp({ ...a, code_id: code.code_id }));
  const directKeys = new Set(direct.map((a) => `${a.coder}\u0000${keyOf(a)}`));
  // Where the code comes from a theme, the coder's sentence-level codes would replace all theme codes there:
  // so every other code the coder has there is written down at sentence level too, and the new code beside them.
  const effective = await db.all<{ coder: string; code_id: string; conversation_id: string; turn: number; sentence_index: number; grain: string; text: string }>(`
    WITH ${EFFECTIVE_CTES}
    , k AS (SELECT e.* FROM effective e SEMI JOIN (SELECT coder, conversation_id, turn, sentence_index FROM effective WHERE code_id = ? AND grain = 'theme') t
      USING (coder, conversation_id, turn, sentence_index))
    SELECT DISTINCT k.coder, k.code_id, k.conversation_id, k.turn, k.sentence_index, k.grain, s.text FROM k JOIN sentences s USING (conversation_id, turn, sentence_index)`, [codeId]);
  const groups = new Map<string, typeof effective>();
  for (const r of effective) {
    if (!keys.has(keyOf(r)) || directKeys.has(`${r.coder}\u0000${keyOf(r)}`)) continue;
    const g = `${r.coder}\u0000${keyOf(r)}`;
    groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  const at = nowIso();
  for (const rows of groups.values()) {
    const r = rows[0];
    const base = { coder: r.coder, grain: 'sentence' as const, conversation_id: r.conversation_id, turn: r.turn, sentence_index: r.sentence_index,
      start_char: null, end_char: null, model_id: null, latent: null, top_k: null, exclude: false, text: r.text, ts: at };
    ops.push(assignmentOp({ ...base, assignment_id: newId('asg'), code_id: code.code_id }));
    for (const other of new Set(rows.filter((x) => x.code_id !== codeId).map((x) => x.code_id))) {
      ops.push(assignmentOp({ ...base, assignment_id: newId('asg'), code_id: other }));
    }
  }
  if (ops.length === 1) throw new UserError(`None of those sentences carries code "${cur.name}"`, 'invalid-args');
  return { ops, code };
}
