// The judge as one object over a workspace: estimate, start, pause, resume, cancel, retry failures, list, inspect.
// Both the API handlers and the `workbench judge` CLI drive runs through this class. Every run executes as a job
// on its own two connections (one writes answers, one reads) and keeps all of its state in the workspace, so a
// run whose process died shows as "interrupted" and resumes from what was stored.

import type { Workspace, Db } from '../db/workspace.js';
import type {
  JudgeElo, JudgeEstimate, JudgeLimits, JudgeMode, JudgePairwiseSpec, JudgeRunDetail, JudgeRunSpec, JudgeRunSummary,
} from '../api/contract/index.js';
import { UserError } from '../domain/errors.js';
import type { JobRunner } from '../jobs/runner.js';
import { DIMENSIONS } from '../domain/study.js';
import { EngineStats, RunControl } from './engine.js';
import { DEFAULT_BASE_URL, isLocalBaseUrl, type KeyProvider } from './keys.js';
import { insertRunScoreSet, noKeyMessage, retriesOf } from './run-outcome.js';
import { cost, getPrices, priceFor } from './prices.js';
import {
  TYPICAL_OUTPUT_TOKENS, TokenCounter, chatTokens, maxTokensField, resolveParams, type RequestShape,
} from './requests.js';
import { ensureJudgeDefaults, getTemplate } from './templates.js';
import { loadTranscripts, selectConversations } from './conversations.js';
import { CHUNK, buildChunk, cacheLookup, type PendingItem } from './sources.js';
import { judgeElo, pairTargets } from './pairwise.js';
import { resolveLimits } from './limits.js';
import { executeRun } from './run-job.js';
import {
  checkBaseUrl, clearFailures, deleteRun, getRunRow, hostOf, insertItems, insertRun, listBatches, listFailures,
  newRunId, runCounts, setRunState, summarize, type StoredSpec,
} from './store.js';

export interface JudgeServiceOptions {
  workspace: () => Workspace;
  jobs: JobRunner;
  keys: () => KeyProvider;
  /** Minimum spacing of the writer's commits (see writer.ts); default 250 ms. */
  commitIntervalMs?: number;
  /** RPM/TPM window; 60 s except in tests. */
  windowMs?: number;
}

interface ActiveRun {
  runId: string;
  jobId: string;
  control: RunControl;
  stats: EngineStats;
}

export class JudgeService {
  private readonly active = new Map<string, ActiveRun>();

  constructor(private readonly o: JudgeServiceOptions) {}

  private get ws(): Workspace {
    return this.o.workspace();
  }

  // ---- creating runs -------------------------------------------------------------------------------------

  private async prepare(db: Db, mode: JudgeMode, spec: JudgeRunSpec | JudgePairwiseSpec) {
    if (typeof spec?.model !== 'string' || !spec.model.trim()) throw new UserError('A model name is required (e.g. gpt-4o)');
    await ensureJudgeDefaults(db);
    const baseUrl = checkBaseUrl(spec.baseUrl?.trim() || DEFAULT_BASE_URL);
    const template = await getTemplate(db, mode, spec.prompt);
    let params;
    try {
      params = resolveParams(mode, spec.params);
    } catch (e) {
      throw new UserError((e as Error).message);
    }
    const limits = resolveLimits(spec.limits);
    const shape: RequestShape = { kind: mode, model: spec.model.trim(), template, params, maxTokensField: maxTokensField(baseUrl) };
    const convs = await selectConversations(db, spec.selection);
    if (!convs.length) throw new UserError('No conversations match the selection');
    return { baseUrl, template, params, limits, shape, convs };
  }

  /** Fails early, before anything is stored, when the endpoint needs a key and none is available. */
  private async requireKey(baseUrl: string): Promise<void> {
    if (isLocalBaseUrl(baseUrl)) return;
    if (!(await this.o.keys().getKey(baseUrl))) {
      throw new UserError(noKeyMessage(baseUrl), 'needs-key');
    }
  }

  private scoreItems(mode: 'scores' | 'dimension', convs: { conversationId: string }[]): PendingItem[] {
    const items: PendingItem[] = [];
    for (const c of convs) {
      if (mode === 'scores') items.push({ itemId: items.length + 1, conversationId: c.conversationId, dimension: null, conversationB: null });
      else for (const d of DIMENSIONS) items.push({ itemId: items.length + 1, conversationId: c.conversationId, dimension: d, conversationB: null });
    }
    return items;
  }

  async estimate(spec: JudgeRunSpec): Promise<JudgeEstimate> {
    const db = this.ws.db;
    const mode = spec.mode ?? 'scores';
    if (mode !== 'scores' && mode !== 'dimension') throw new UserError(`mode must be "scores" or "dimension"`);
    const p = await this.prepare(db, mode, spec);
    const items = this.scoreItems(mode, p.convs);
    const counter = new TokenCounter();
    let hits = 0;
    let inputTokens = 0;
    let noText = 0;
    for (let i = 0; i < items.length; i += CHUNK) {
      const built = await buildChunk(db, p.shape, items.slice(i, i + CHUNK), counter);
      const found = await cacheLookup(db, built.flatMap((b) => (b.req ? [b.req.cacheKey] : [])));
      for (const b of built) {
        if (!b.req) noText++;
        else if (found.has(b.req.cacheKey)) hits++;
        else inputTokens += b.tokens;
      }
    }
    const toRequest = items.length - hits - noText;
    return this.estimateResult(mode, spec, p, { calls: items.length, hits, toRequest, inputTokens, conversations: p.convs.length, noText, batch: !!spec.batch });
  }

  async estimatePairwise(spec: JudgePairwiseSpec): Promise<JudgeEstimate> {
    const db = this.ws.db;
    const p = await this.prepare(db, 'pairwise', spec);
    const { targets, groups } = this.pairwiseTargets(p.convs, spec);
    const pairs = Object.values(targets).reduce((a, b) => a + b, 0);
    const calls = pairs * (spec.swap ? 2 : 1);
    const text = await loadTranscripts(db, p.convs.map((c) => c.conversationId));
    const counter = new TokenCounter();
    let convTokens = 0;
    for (const t of text.values()) convTokens += counter.count('', t) - 9;
    const mean = text.size ? convTokens / text.size : 0;
    const frame = chatTokens(p.template.system, p.template.user.replace(/\{\{\s*conversation_[ab]\s*\}\}/g, ''));
    void groups;
    const est = await this.estimateResult('pairwise', spec, p, {
      calls, hits: 0, toRequest: calls, inputTokens: Math.round(calls * (frame + 2 * mean)), conversations: p.convs.length,
      noText: p.convs.length - text.size, batch: false,
    });
    est.notes.push('Pairs are sampled adaptively as answers arrive, so cache hits are only known while the run goes.');
    return est;
  }

  private async estimateResult(
    mode: JudgeMode, spec: JudgeRunSpec | JudgePairwiseSpec, p: Awaited<ReturnType<JudgeService['prepare']>>,
    n: { calls: number; hits: number; toRequest: number; inputTokens: number; conversations: number; noText: number; batch: boolean },
  ): Promise<JudgeEstimate> {
    const outputTokens = n.toRequest * Math.min(TYPICAL_OUTPUT_TOKENS[mode], p.params.maxTokens);
    const price = priceFor(await getPrices(this.ws.db), p.shape.model);
    const notes: string[] = ['Input tokens are counted with the o200k tokenizer; output tokens assume a typical answer length.'];
    if (n.noText) notes.push(`${n.noText} conversation${n.noText > 1 ? 's have' : ' has'} no message text and will be recorded as failures.`);
    if (!price) notes.push(`No price for "${p.shape.model}" in the price table; add one to see a cost.`);
    const bounds: number[] = [];
    if (p.limits.rpm) bounds.push(n.toRequest / p.limits.rpm);
    if (p.limits.tpm) bounds.push((n.inputTokens + outputTokens) / p.limits.tpm);
    return {
      mode, model: p.shape.model, baseUrlHost: hostOf(p.baseUrl),
      template: { templateId: p.template.templateId, version: p.template.version, hash: p.template.hash },
      conversations: n.conversations, calls: n.calls, cacheHits: n.hits, toRequest: n.toRequest,
      inputTokens: n.inputTokens, outputTokens, cost: cost(price, { inputTokens: n.inputTokens, outputTokens }, n.batch),
      batch: n.batch, minMinutes: bounds.length ? Math.max(...bounds) : null, notes,
    };
  }

  private pairwiseTargets(convs: { conversationId: string; scenario: string | null }[], spec: JudgePairwiseSpec) {
    const groups: Record<string, string[]> = {};
    for (const c of convs) (groups[c.scenario ?? '(none)'] ??= []).push(c.conversationId);
    const per = spec.comparisonsPerScenario;
    if (per !== undefined && !(Number.isInteger(per) && per >= 1)) throw new UserError('comparisonsPerScenario must be a whole number ≥ 1');
    const pc = spec.comparisonsPerConversation ?? 10;
    if (!(pc > 0)) throw new UserError('comparisonsPerConversation must be positive');
    const targets = pairTargets(groups, per, pc);
    if (!Object.values(targets).some((t) => t > 0)) throw new UserError('Pairwise mode needs at least two conversations of one scenario');
    return { groups, targets };
  }

  async start(spec: JudgeRunSpec): Promise<{ runId: string; jobId: string }> {
    const db = this.ws.db;
    const mode = spec.mode ?? 'scores';
    if (mode !== 'scores' && mode !== 'dimension') throw new UserError(`mode must be "scores" or "dimension"`);
    const p = await this.prepare(db, mode, spec);
    await this.requireKey(p.baseUrl);
    const runId = newRunId(mode);
    const label = spec.label?.trim() || null;
    const stored: StoredSpec = { spec: { ...spec, mode, baseUrl: p.baseUrl, params: p.params, limits: p.limits } };
    const batch = !!spec.batch;
    await db.transaction(async () => {
      await insertRun(db, { runId, mode, label, scoreSetId: runId, model: p.shape.model, baseUrl: p.baseUrl, template: p.template, stored });
      await insertRunScoreSet(db, { runId, label, model: p.shape.model, baseUrl: p.baseUrl, mode, batch, template: p.template, params: p.params });
      await insertItems(db, runId, this.scoreItems(mode, p.convs));
    });
    return { runId, jobId: this.launch(runId) };
  }

  async startPairwise(spec: JudgePairwiseSpec): Promise<{ runId: string; jobId: string }> {
    const db = this.ws.db;
    const p = await this.prepare(db, 'pairwise', spec);
    await this.requireKey(p.baseUrl);
    const { groups, targets } = this.pairwiseTargets(p.convs, spec);
    const swap = !!spec.swap;
    const seed = spec.seed ?? 1;
    const calls = Object.values(targets).reduce((a, b) => a + b, 0) * (swap ? 2 : 1);
    const runId = newRunId('pairwise');
    const stored: StoredSpec & { pairwise: { groups: Record<string, string[]> } } = {
      spec: { ...spec, baseUrl: p.baseUrl, params: p.params, limits: p.limits },
      pairwise: { targets, calls, seed, swap, groups } as StoredSpec['pairwise'] & { groups: Record<string, string[]> },
    };
    await insertRun(db, { runId, mode: 'pairwise', label: spec.label?.trim() || null, scoreSetId: null, model: p.shape.model, baseUrl: p.baseUrl, template: p.template, stored });
    return { runId, jobId: this.launch(runId) };
  }

  // ---- controlling runs ----------------------------------------------------------------------------------

  private launch(runId: string, limitsOverride?: JudgeLimits): string {
    if (this.active.has(runId)) throw new UserError(`Run ${runId} is already running`, 'busy');
    const control = new RunControl();
    const stats = new EngineStats();
    const job = this.o.jobs.start('judge', async (ctx) => {
      const onAbort = () => control.cancel();
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      try {
        return await executeRun(
          { workspace: this.ws, keys: this.o.keys(), commitIntervalMs: this.o.commitIntervalMs, windowMs: this.o.windowMs },
          runId, control, stats, ctx, limitsOverride,
        );
      } finally {
        ctx.signal.removeEventListener('abort', onAbort);
        this.active.delete(runId);
      }
    });
    this.active.set(runId, { runId, jobId: job.id, control, stats });
    return job.id;
  }

  async resume(runId: string, limits?: JudgeLimits): Promise<{ runId: string; jobId: string }> {
    const r = await getRunRow(this.ws.db, runId);
    await this.requireKey(r.base_url);
    if (limits) resolveLimits(limits);
    return { runId, jobId: this.launch(runId, limits) };
  }

  async retryFailures(runId: string): Promise<{ runId: string; jobId: string }> {
    if (this.active.has(runId)) throw new UserError(`Run ${runId} is running; pause it first`, 'busy');
    await getRunRow(this.ws.db, runId);
    await clearFailures(this.ws.db, runId);
    return { runId, jobId: this.launch(runId) };
  }

  async pause(runId: string): Promise<JudgeRunSummary> {
    this.active.get(runId)?.control.pause();
    return this.summary(runId);
  }

  async cancel(runId: string): Promise<JudgeRunSummary> {
    const a = this.active.get(runId);
    if (a) a.control.cancel();
    else {
      const r = await getRunRow(this.ws.db, runId);
      if (r.state !== 'done') await setRunState(this.ws.db, runId, 'cancelled', 'Cancelled by the user', true);
    }
    return this.summary(runId);
  }

  /** Waits for a run's job to end (CLI, tests). */
  async wait(runId: string): Promise<JudgeRunSummary> {
    const a = this.active.get(runId);
    if (a) await this.o.jobs.wait(a.jobId);
    return this.summary(runId);
  }

  isActive(runId: string): boolean {
    return this.active.has(runId);
  }

  liveStats(runId: string): EngineStats | null {
    return this.active.get(runId)?.stats ?? null;
  }

  async delete(runId: string): Promise<{ deleted: boolean }> {
    if (this.active.has(runId)) throw new UserError(`Run ${runId} is running; cancel it first`, 'busy');
    return { deleted: await deleteRun(this.ws.db, runId) };
  }

  // ---- reading runs --------------------------------------------------------------------------------------

  private live(runId: string) {
    const a = this.active.get(runId);
    if (!a) return { jobId: null, throughputPerMin: null };
    return { state: a.control.stopping ? ('pausing' as const) : ('running' as const), jobId: a.jobId, throughputPerMin: a.stats.perMinute() };
  }

  async list(): Promise<JudgeRunSummary[]> {
    const db = this.ws.db;
    await ensureJudgeDefaults(db);
    const rows = await db.all<Parameters<typeof summarize>[0]>(`SELECT * EXCLUDE (spec), CAST(spec AS VARCHAR) AS spec FROM judge_runs ORDER BY created_at DESC, run_id DESC`);
    const counts = await runCounts(db);
    const prices = await getPrices(db);
    return rows.map((r) => summarize(r, counts.get(r.run_id), prices, this.live(r.run_id)));
  }

  async summary(runId: string): Promise<JudgeRunSummary> {
    const db = this.ws.db;
    const r = await getRunRow(db, runId);
    return summarize(r, (await runCounts(db, runId)).get(runId), await getPrices(db), this.live(runId));
  }

  async get(runId: string, failuresLimit = 200): Promise<JudgeRunDetail> {
    const db = this.ws.db;
    const r = await getRunRow(db, runId);
    const s = summarize(r, (await runCounts(db, runId)).get(runId), await getPrices(db), this.live(runId));
    const stored = JSON.parse(r.spec) as StoredSpec;
    const f = await listFailures(db, runId, Math.max(0, Math.min(10_000, failuresLimit)));
    return {
      ...s,
      spec: stored.spec,
      limits: resolveLimits(stored.spec.limits),
      inFlight: this.active.get(runId)?.stats.inFlight ?? 0,
      failures: f.failures,
      failureReasons: f.reasons,
      retries: await retriesOf(db, runId, this.active.get(runId)?.stats.retryReasons ?? null),
      batches: await listBatches(db, runId),
    };
  }

  async elo(runId: string): Promise<JudgeElo> {
    const r = await getRunRow(this.ws.db, runId);
    if (r.mode !== 'pairwise') throw new UserError(`Run ${runId} is not a pairwise run`);
    return judgeElo(this.ws.db, runId);
  }
}
