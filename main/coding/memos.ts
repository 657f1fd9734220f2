// Memos on a code, a theme (`<modelId>:<latent>`) or a conversation: one per coder and target.
import type { CodingMemo, MemoTarget } from '../api/contract/index.js';
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { coderParam, visibleCoders, type CoderFilter } from './assignments.js';
import { getCode, memoOp, newId, nowIso } from './codebook.js';
import type { MemoRow, Op } from './tables.js';

export function memoFromRow(r: MemoRow): CodingMemo {
  return { memoId: r.memo_id, target: { kind: r.target_kind, id: r.target_id }, coder: r.coder, text: r.text, at: r.ts };
}

async function checkTarget(db: Db, t: MemoTarget): Promise<void> {
  if (t.kind === 'code') await getCode(db, t.id);
  else if (t.kind === 'conversation') {
    if (!(await db.value<number>(`SELECT count(*) FROM conversations WHERE conversation_id = ?`, [t.id]))) throw new UserError(`No conversation "${t.id}"`, 'not-found');
  } else {
    const m = /^(.+):(\d+)$/.exec(t.id);
    if (!m) throw new UserError(`A theme memo's id is <modelId>:<latent>, not "${t.id}"`, 'invalid-args');
    const latents = await db.value<number | null>(`SELECT latents FROM theme_models WHERE model_id = ?`, [m[1]]);
    if (latents === null || Number(m[2]) >= latents) throw new UserError(`No theme ${t.id}`, 'not-found');
  }
}

/** Empty text removes the coder's memo there. */
export async function buildSetMemo(db: Db, coder: string, target: MemoTarget, text: string): Promise<{ ops: Op[]; memo: MemoRow | null }> {
  await checkTarget(db, target);
  const cur = await db.one<MemoRow>(`SELECT * FROM coding_memos WHERE target_kind = ? AND target_id = ? AND coder = ?`, [target.kind, target.id, coder]);
  if (text.trim() === '') return { ops: cur ? [memoOp(null, cur.memo_id)] : [], memo: null };
  const memo: MemoRow = { memo_id: cur?.memo_id ?? newId('memo'), target_kind: target.kind, target_id: target.id, coder, text, ts: nowIso() };
  return { ops: cur?.text === text ? [] : [memoOp(memo)], memo };
}

export async function listMemos(db: Db, q: CoderFilter & { target?: MemoTarget }): Promise<CodingMemo[]> {
  const coders = coderParam(visibleCoders(q));
  const rows = await db.all<MemoRow>(`SELECT * FROM coding_memos WHERE (?::VARCHAR IS NULL OR (target_kind = ? AND target_id = ?))
      AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], coder)) ORDER BY target_kind, target_id, ts`,
  [q.target?.kind ?? null, q.target?.kind ?? null, q.target?.id ?? null, coders, coders]);
  return rows.map(memoFromRow);
}
