// How a run's end and its score set are put into words and rows: shared by starting, resuming and finishing.
import type { Db } from '../db/workspace.js';
import type { JudgeMode } from '../api/contract/index.js';
import { keyOrigin } from './keys.js';
import { hostOf, insertScoreSet, listFailures, type RunRow } from './store.js';

/**
 * Adds this session's retries (by kind) to what the run has stored from earlier sessions, then empties the
 * session's map so the live view (stored + live) does not count them twice.
 */
export async function saveRetries(db: Db, runId: string, session: Map<string, number>): Promise<void> {
  if (!session.size) return;
  const merged = await storedRetries(db, runId);
  for (const [k, n] of session) merged.set(k, (merged.get(k) ?? 0) + n);
  await db.run('UPDATE judge_runs SET retries = ? WHERE run_id = ?', [JSON.stringify(Object.fromEntries(merged)), runId]);
  session.clear();
}

/** A run in which every call failed gives up its score set (retry or resume restores it). */
export async function dropEmptyScoreSet(db: Db, run: RunRow): Promise<void> {
  if (run.mode === 'pairwise' || !run.score_set_id) return;
  await db.run('DELETE FROM score_sets WHERE score_set_id = ? AND NOT EXISTS (SELECT 1 FROM scores WHERE score_set_id = ?)', [run.score_set_id, run.score_set_id]);
}

export async function storedRetries(db: Db, runId: string): Promise<Map<string, number>> {
  const raw = await db.value<string | null>('SELECT CAST(retries AS VARCHAR) FROM judge_runs WHERE run_id = ?', [runId]);
  return new Map(Object.entries(raw ? (JSON.parse(raw) as Record<string, number>) : {}));
}

/** Stored retries plus those of a run still going, most frequent first. */
export async function retriesOf(db: Db, runId: string, live: ReadonlyMap<string, number> | null): Promise<{ reason: string; count: number }[]> {
  const all = await storedRetries(db, runId);
  for (const [k, n] of live ?? []) all.set(k, (all.get(k) ?? 0) + n);
  return [...all].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/** One line for a run where every call failed: how many, and the most common reason. */
export async function allFailedMessage(db: Db, runId: string, failed: number): Promise<string> {
  const { reasons } = await listFailures(db, runId, 1);
  const top = reasons[0];
  return `All ${failed} call${failed === 1 ? '' : 's'} failed${top ? ` (${top.count} × ${top.reason})` : ''}; no score set was created. Check the endpoint, then retry the failures.`;
}

/** The score set a scores/dimension run writes into, with the provenance every figure shows. */
export async function insertRunScoreSet(db: Db, r: {
  runId: string; label: string | null; model: string; baseUrl: string; mode: JudgeMode; batch: boolean;
  template: { templateId: string; version: number; hash: string }; params: unknown;
}): Promise<void> {
  await insertScoreSet(db, r.runId, `${r.model}/${r.template.templateId}@v${r.template.version}`, {
    source: 'llm-judge', runId: r.runId, label: r.label, model: r.model, baseUrlHost: hostOf(r.baseUrl), mode: r.mode, batch: r.batch,
    prompt: { templateId: r.template.templateId, version: r.template.version, hash: r.template.hash },
    params: r.params,
  });
}

/**
 * Keys are bound to the origin they were given for, so a run to any other origin has none; the message
 * names the origin that needs one.
 */
export function noKeyMessage(baseUrl: string): string {
  return `No API key for ${keyOrigin(baseUrl) ?? hostOf(baseUrl)}: enter a key for this endpoint in Settings, or set OPENAI_API_KEY with OPENAI_BASE_URL pointing at it`;
}

/** A run whose every call failed gave up its score set; a retry or resume brings it back. */
export async function restoreRunScoreSet(db: Db, run: RunRow, batch: boolean, params: unknown): Promise<void> {
  if (run.mode === 'pairwise' || !run.score_set_id) return;
  if (await db.value<number>('SELECT count(*) FROM score_sets WHERE score_set_id = ?', [run.score_set_id])) return;
  await insertRunScoreSet(db, {
    runId: run.run_id, label: run.label, model: run.model, baseUrl: run.base_url, mode: run.mode, batch,
    template: { templateId: run.template_id, version: run.template_version, hash: run.template_hash }, params,
  });
}

/**
 * The message of a finished run. A rerun with the same settings is answered from the cache and makes a
 * score set equal to an earlier one: say so, naming it, rather than leave a silent duplicate.
 */
export async function doneMessage(db: Db, runId: string, c: { answered: number; failed: number; fromCache: number }): Promise<string> {
  const base = `${c.answered} answered${c.failed ? `, ${c.failed} failed` : ''}`;
  if (c.answered === 0 || c.fromCache < c.answered) return base;
  const earlier = await db.value<string | null>(
    `SELECT a2.run_id FROM judge_answers a JOIN judge_answers a2 ON a2.cache_key = a.cache_key AND a2.run_id <> a.run_id AND NOT a2.from_cache
     WHERE a.run_id = ? ORDER BY a2.answered_at LIMIT 1`, [runId]);
  return `${base}, all from the cache${earlier ? ` of run ${earlier}` : ''}: the same conversations, model, prompt and parameters, so this score set repeats ${earlier ? `score set ${earlier}` : 'an earlier one'}`;
}
