// Carrying coding over to a retrained model or a re-import. Sentence assignments follow their sentence keys; one
// whose key now holds other text is moved to the sentence of the same conversation with its text (when exactly
// one has it). Theme assignments (and theme memos) move to the new model's latent whose decoder direction is
// closest by cosine similarity; below `minSimilarity`, or when no sentence matches, the report says so.
import type { ReplayReport } from '../api/contract/index.js';
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { unpack, PackFormatError } from '../../workers/ksae/pack.js';
import { assignmentOp, memoOp } from './codebook.js';
import { TREE_CTE } from './sql.js';
import type { AssignmentRow, MemoRow, Op } from './tables.js';

interface Decoder { m: number; d: number; k: number; rows: Float32Array }

async function decoder(db: Db, modelId: string): Promise<Decoder> {
  const r = await db.one<{ b64: string | null; k: number; state: string }>(`SELECT to_base64(weights) AS b64, k, state FROM theme_models WHERE model_id = ?`, [modelId]);
  if (!r) throw new UserError(`No theme model "${modelId}"`, 'not-found');
  if (!r.b64) throw new UserError(`Theme model "${modelId}" has no trained weights (state ${r.state})`, 'bad-request');
  try {
    const { header, arrays } = unpack<{ d: number; latents: number }>(new Uint8Array(Buffer.from(r.b64, 'base64')));
    // Layout 'wEnc,wDec(rows),bIn,bLat': row j of wDec is latent j's direction.
    return { m: header.latents, d: header.d, k: r.k, rows: arrays[1] as Float32Array };
  } catch (e) {
    if (e instanceof PackFormatError) throw new UserError(`Theme model "${modelId}" has weights in an unknown format`, 'bad-request');
    throw e;
  }
}

/** For each latent of `a`, the latent of `b` with the highest cosine similarity of decoder directions. */
export function closestLatents(a: Decoder, b: Decoder): { latent: number; similarity: number }[] {
  const norms = (x: Decoder) => Float64Array.from({ length: x.m }, (_, j) => {
    let s = 0;
    for (let i = 0; i < x.d; i++) s += x.rows[j * x.d + i] ** 2;
    return Math.sqrt(s) || 1;
  });
  const na = norms(a);
  const nb = norms(b);
  return Array.from({ length: a.m }, (_, j) => {
    let best = -1;
    let sim = -Infinity;
    for (let l = 0; l < b.m; l++) {
      let dot = 0;
      for (let i = 0; i < a.d; i++) dot += a.rows[j * a.d + i] * b.rows[l * b.d + i];
      const c = dot / (na[j] * nb[l]);
      if (c > sim) { sim = c; best = l; }
    }
    return { latent: best, similarity: sim };
  });
}

export async function replayOnto(db: Db, fromModelId: string, toModelId: string, minSimilarity: number): Promise<{ ops: Op[]; report: ReplayReport }> {
  if (fromModelId === toModelId) throw new UserError('Replaying a model onto itself changes nothing', 'invalid-args');
  const a = await decoder(db, fromModelId);
  const b = await decoder(db, toModelId);
  if (a.d !== b.d) throw new UserError(`The models embed sentences in different spaces (${a.d} and ${b.d} dimensions); their themes cannot be matched`, 'bad-request');
  const paths = new Map((await db.all<{ code_id: string; path: string }>(`WITH RECURSIVE ${TREE_CTE} SELECT code_id, path FROM tree`)).map((r) => [r.code_id, r.path]));
  const match = closestLatents(a, b);
  const report: ReplayReport = { fromModelId, toModelId, themes: [], rekeyed: 0, lost: [] };
  const ops: Op[] = [];
  const themeRows = await db.all<AssignmentRow>(`SELECT * FROM coding_assignments WHERE grain = 'theme' AND model_id = ? ORDER BY ts, assignment_id`, [fromModelId]);
  const existing = new Set((await db.all<{ k: string }>(`SELECT coder || chr(0) || code_id || chr(0) || latent || chr(0) || top_k AS k FROM coding_assignments
    WHERE grain = 'theme' AND model_id = ?`, [toModelId])).map((r) => r.k));
  for (const r of themeRows) {
    const m = match[r.latent!];
    const codePath = paths.get(r.code_id) ?? r.code_id;
    if (!(m.similarity >= minSimilarity)) {
      report.lost.push({ assignmentId: r.assignment_id, codePath, reason: `theme ${r.latent} has no close latent in ${toModelId} (best ${m.latent}, cosine ${m.similarity.toFixed(3)} < ${minSimilarity})` });
      continue;
    }
    const topK = Math.min(r.top_k ?? 1, b.k);
    const key = `${r.coder}\u0000${r.code_id}\u0000${m.latent}\u0000${topK}`;
    // The old model's assignment stays (the old model keeps its coding); the new one is added unless already there.
    if (!existing.has(key)) {
      existing.add(key);
      ops.push(assignmentOp({ ...r, assignment_id: `${r.assignment_id}~${toModelId}`, model_id: toModelId, latent: m.latent, top_k: topK }));
    }
    report.themes.push({ assignmentId: r.assignment_id, codePath, fromLatent: r.latent!, toLatent: m.latent, similarity: m.similarity });
  }
  for (const memo of await db.all<MemoRow>(`SELECT * FROM coding_memos WHERE target_kind = 'theme' AND starts_with(target_id, ?)`, [`${fromModelId}:`])) {
    const latent = Number(memo.target_id.slice(fromModelId.length + 1));
    const m = match[latent];
    if (m && m.similarity >= minSimilarity) ops.push(memoOp({ ...memo, memo_id: `${memo.memo_id}~${toModelId}`, target_id: `${toModelId}:${m.latent}` }));
  }
  // Sentence keys whose text changed (a re-import that split differently): follow the text within the conversation.
  const moved = await db.all<AssignmentRow & { candidates: number[][] | null }>(`
    SELECT a.*, (SELECT list([s2.turn, s2.sentence_index]) FROM sentences s2 WHERE s2.conversation_id = a.conversation_id AND s2.text = a.text) AS candidates
    FROM coding_assignments a LEFT JOIN sentences s USING (conversation_id, turn, sentence_index)
    WHERE a.grain = 'sentence' AND (s.text IS NULL OR s.text <> a.text)`);
  for (const r of moved) {
    const codePath = paths.get(r.code_id) ?? r.code_id;
    const { candidates, ...row } = r;
    if (candidates?.length === 1) {
      ops.push(assignmentOp({ ...row, turn: candidates[0][0], sentence_index: candidates[0][1] }));
      report.rekeyed++;
    } else {
      report.lost.push({ assignmentId: r.assignment_id, codePath, reason: candidates?.length
        ? `sentence ${r.conversation_id} ${r.turn}.${r.sentence_index} changed and its text occurs ${candidates.length} times in the conversation`
        : `sentence ${r.conversation_id} ${r.turn}.${r.sentence_index} no longer holds its coded text` });
    }
  }
  return { ops, report };
}
