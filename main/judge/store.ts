// The judge's run records: creating a run (its row, score set and items), reading progress back, state changes.

import { randomBytes } from 'node:crypto';
import { DuckDBTimestampValue } from '@duckdb/node-api';
import type { Db } from '../db/workspace.js';
import type {
  JudgeBatchInfo, JudgeFailure, JudgeMode, JudgePairwiseSpec, JudgeRunSpec, JudgeRunState, JudgeRunSummary, PriceRow,
  PromptTemplate,
} from '../api/contract/index.js';
import { UserError } from '../domain/errors.js';
import { cost, priceFor } from './prices.js';
import { isoOf, nowSql, tsValue } from './time.js';

export interface RunRow {
  run_id: string;
  mode: JudgeMode;
  label: string | null;
  score_set_id: string | null;
  model: string;
  base_url: string;
  template_id: string;
  template_version: number;
  template_hash: string;
  spec: string;
  state: JudgeRunState;
  message: string | null;
  created_at: unknown;
  updated_at: unknown;
  finished_at: unknown;
}

/** What a run stores about itself besides the spec the user gave: resolved targets for pairwise runs. */
export interface StoredSpec {
  spec: JudgeRunSpec | JudgePairwiseSpec;
  pairwise?: { targets: Record<string, number>; calls: number; seed: number; swap: boolean };
}

export function newRunId(mode: JudgeMode): string {
  const t = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `judge-${mode === 'pairwise' ? 'pw-' : ''}${t}-${randomBytes(3).toString('hex')}`;
}

export function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/** Base URLs are stored; credentials must not ride in them. */
export function checkBaseUrl(baseUrl: string): string {
  let u: URL;
  try {
    u = new URL(baseUrl);
  } catch {
    throw new UserError(`Not a URL: "${baseUrl}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UserError('The base URL must start with http:// or https://');
  if (u.username || u.password) throw new UserError('Put the API key in the key settings or OPENAI_API_KEY, not in the base URL');
  for (const k of u.searchParams.keys()) {
    if (/key|token|secret|sig|password/i.test(k)) throw new UserError('Put the API key in the key settings or OPENAI_API_KEY, not in the base URL');
  }
  return baseUrl.replace(/\/+$/, '');
}

export async function insertRun(db: Db, r: {
  runId: string; mode: JudgeMode; label: string | null; scoreSetId: string | null; model: string; baseUrl: string;
  template: PromptTemplate; stored: StoredSpec;
}): Promise<void> {
  await db.run(
    `INSERT INTO judge_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', NULL, ${nowSql}, ${nowSql}, NULL, NULL)`,
    [r.runId, r.mode, r.label, r.scoreSetId, r.model, r.baseUrl, r.template.templateId, r.template.version, r.template.hash, JSON.stringify(r.stored)]);
}

export async function insertScoreSet(db: Db, scoreSetId: string, rater: string, provenance: Record<string, unknown>): Promise<void> {
  await db.run(`INSERT INTO score_sets (score_set_id, rater, kind, scale_min, scale_max, created_at, provenance, import_id)
                VALUES (?, ?, 'llm-judge', 1, 5, now(), ?, NULL)`, [scoreSetId, rater, JSON.stringify(provenance)]);
}

/** Items of a scores/dimension run, appended in one go. */
export async function insertItems(db: Db, runId: string, items: { conversationId: string; dimension: string | null }[]): Promise<void> {
  const a = await db.conn.createAppender('judge_items');
  const now = tsValue(Date.now());
  try {
    items.forEach((it, i) => {
      a.appendVarchar(runId); a.appendInteger(i + 1); a.appendVarchar(it.conversationId);
      if (it.dimension === null) a.appendNull(); else a.appendVarchar(it.dimension);
      a.appendNull(); a.appendNull(); a.appendNull(); a.appendNull(); a.appendTimestamp(now as DuckDBTimestampValue); a.endRow();
    });
    a.flushSync();
  } finally {
    a.closeSync();
  }
}

export async function getRunRow(db: Db, runId: string): Promise<RunRow> {
  const r = await db.one<RunRow>(`SELECT * EXCLUDE (spec), CAST(spec AS VARCHAR) AS spec FROM judge_runs WHERE run_id = ?`, [runId]);
  if (!r) throw new UserError(`No judge run "${runId}"`, 'not-found');
  return r;
}

export async function setRunState(db: Db, runId: string, state: JudgeRunState, message: string | null, finished = false): Promise<void> {
  await db.run(`UPDATE judge_runs SET state = ?, message = ?, updated_at = ${nowSql}, finished_at = ${finished ? nowSql : 'NULL'} WHERE run_id = ?`,
    [state, message, runId]);
}

interface Counts {
  run_id: string; total: number; answered: number; from_cache: number; failed: number;
  input_tokens: number; output_tokens: number; cached_tokens: number;
}

/** Progress of runs from the workspace alone (what survives a restart). */
export async function runCounts(db: Db, runId?: string): Promise<Map<string, Counts>> {
  const where = runId ? 'WHERE r.run_id = ?' : '';
  const rows = await db.all<Counts>(`
    SELECT r.run_id,
      coalesce(i.n, 0) AS total,
      coalesce(a.n, 0) AS answered, coalesce(a.cached, 0) AS from_cache,
      coalesce(a.tin, 0) AS input_tokens, coalesce(a.tout, 0) AS output_tokens, coalesce(a.tcached, 0) AS cached_tokens,
      coalesce(f.n, 0) AS failed
    FROM judge_runs r
    LEFT JOIN (SELECT run_id, count(*) AS n FROM judge_items GROUP BY 1) i USING (run_id)
    LEFT JOIN (SELECT run_id, count(*) AS n, count(*) FILTER (WHERE from_cache) AS cached,
                 sum(input_tokens) FILTER (WHERE NOT from_cache) AS tin, sum(output_tokens) FILTER (WHERE NOT from_cache) AS tout,
                 sum(cached_tokens) FILTER (WHERE NOT from_cache) AS tcached
               FROM judge_answers GROUP BY 1) a USING (run_id)
    LEFT JOIN (SELECT run_id, count(DISTINCT item_id) AS n FROM judge_failures WHERE cleared_at IS NULL GROUP BY 1) f USING (run_id)
    ${where}`, runId ? [runId] : []);
  return new Map(rows.map((r) => [r.run_id, r]));
}

export function summarize(
  r: RunRow, c: Counts | undefined, prices: PriceRow[],
  live: { state?: JudgeRunState; jobId: string | null; throughputPerMin: number | null },
): JudgeRunSummary {
  const stored = JSON.parse(r.spec) as StoredSpec;
  const batch = r.mode !== 'pairwise' && !!(stored.spec as JudgeRunSpec).batch;
  const total = r.mode === 'pairwise' ? stored.pairwise?.calls ?? c?.total ?? 0 : c?.total ?? 0;
  const answered = c?.answered ?? 0;
  const failed = c?.failed ?? 0;
  let state = live.state ?? r.state;
  if (!live.state && (state === 'running' || state === 'pausing')) state = 'interrupted';
  return {
    runId: r.run_id,
    mode: r.mode,
    label: r.label,
    state,
    message: r.message,
    model: r.model,
    baseUrlHost: hostOf(r.base_url),
    template: { templateId: r.template_id, version: r.template_version, hash: r.template_hash },
    scoreSetId: r.mode === 'pairwise' ? r.run_id : r.score_set_id,
    batch,
    jobId: live.jobId,
    total,
    answered,
    fromCache: c?.from_cache ?? 0,
    failed,
    pending: Math.max(0, total - answered - failed),
    inputTokens: c?.input_tokens ?? 0,
    outputTokens: c?.output_tokens ?? 0,
    costSoFar: cost(priceFor(prices, r.model), { inputTokens: c?.input_tokens ?? 0, outputTokens: c?.output_tokens ?? 0, cachedTokens: c?.cached_tokens ?? 0 }, batch),
    throughputPerMin: live.throughputPerMin,
    createdAt: isoOf(r.created_at)!,
    updatedAt: isoOf(r.updated_at)!,
    finishedAt: isoOf(r.finished_at),
  };
}

export async function listFailures(db: Db, runId: string, limit: number): Promise<{ failures: JudgeFailure[]; reasons: { reason: string; count: number }[] }> {
  const failures = await db.all<{ item_id: number; conversation_id: string; dimension: string | null; conversation_b: string | null; reason: string; attempts: number; failed_at: unknown }>(`
    SELECT f.item_id, i.conversation_id, i.dimension, i.conversation_b, f.reason, f.attempts, f.failed_at
    FROM judge_failures f JOIN judge_items i USING (run_id, item_id)
    WHERE f.run_id = ? AND f.cleared_at IS NULL ORDER BY f.failed_at, f.item_id LIMIT ?`, [runId, limit]);
  // Group by the reason's stem (before the first ':' detail) so "HTTP 500: …" variants count together.
  const reasons = await db.all<{ reason: string; count: number }>(`
    SELECT regexp_replace(reason, ':.*$', '') AS reason, count(*) AS count FROM judge_failures
    WHERE run_id = ? AND cleared_at IS NULL GROUP BY 1 ORDER BY 2 DESC, 1`, [runId]);
  return {
    failures: failures.map((f) => ({
      itemId: f.item_id, conversationId: f.conversation_id, dimension: f.dimension, conversationB: f.conversation_b,
      reason: f.reason, attempts: f.attempts, failedAt: isoOf(f.failed_at)!,
    })),
    reasons,
  };
}

export async function listBatches(db: Db, runId: string): Promise<JudgeBatchInfo[]> {
  const rows = await db.all<{ batch_no: number; state: string; batch_id: string | null; status: string | null; requests: number; rc: string | null; updated_at: unknown }>(
    `SELECT batch_no, state, batch_id, status, requests, CAST(request_counts AS VARCHAR) AS rc, updated_at FROM judge_batches WHERE run_id = ? ORDER BY batch_no`, [runId]);
  return rows.map((r) => {
    const rc = r.rc ? (JSON.parse(r.rc) as { completed?: number; failed?: number }) : null;
    return {
      batchNo: r.batch_no, state: r.state, batchId: r.batch_id, status: r.status, requests: r.requests,
      completed: rc?.completed ?? null, failed: rc?.failed ?? null, updatedAt: isoOf(r.updated_at)!,
    };
  });
}

/** Items still to answer: no stored answer and no standing failure. */
export async function pendingItems(db: Db, runId: string): Promise<{ itemId: number; conversationId: string; dimension: string | null; conversationB: string | null }[]> {
  const rows = await db.all<{ item_id: number; conversation_id: string; dimension: string | null; conversation_b: string | null }>(`
    SELECT item_id, conversation_id, dimension, conversation_b FROM judge_items i
    WHERE run_id = ?
      AND NOT EXISTS (SELECT 1 FROM judge_answers a WHERE a.run_id = i.run_id AND a.item_id = i.item_id)
      AND NOT EXISTS (SELECT 1 FROM judge_failures f WHERE f.run_id = i.run_id AND f.item_id = i.item_id AND f.cleared_at IS NULL)
    ORDER BY item_id`, [runId]);
  return rows.map((r) => ({ itemId: r.item_id, conversationId: r.conversation_id, dimension: r.dimension, conversationB: r.conversation_b }));
}

export async function clearFailures(db: Db, runId: string): Promise<number> {
  const n = await db.value<number>(`SELECT count(*) FROM judge_failures WHERE run_id = ? AND cleared_at IS NULL`, [runId]);
  await db.run(`UPDATE judge_failures SET cleared_at = ${nowSql} WHERE run_id = ? AND cleared_at IS NULL`, [runId]);
  return n;
}

export async function deleteRun(db: Db, runId: string): Promise<boolean> {
  const r = await db.one<{ score_set_id: string | null }>(`SELECT score_set_id FROM judge_runs WHERE run_id = ?`, [runId]);
  if (!r) return false;
  await db.transaction(async () => {
    if (r.score_set_id) {
      await db.run(`DELETE FROM scores WHERE score_set_id = ?`, [r.score_set_id]);
      await db.run(`DELETE FROM score_sets WHERE score_set_id = ?`, [r.score_set_id]);
    }
    await db.run(`DELETE FROM pairwise WHERE judge_id = ? AND judge_kind = 'llm'`, [runId]);
    for (const t of ['judge_items', 'judge_answers', 'judge_failures', 'judge_batches', 'judge_batch_items', 'judge_runs']) {
      await db.run(`DELETE FROM ${t} WHERE run_id = ?`, [runId]);
    }
  });
  return true;
}
