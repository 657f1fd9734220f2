// One judge run executing inside its job: it opens its own two connections (one writes answers, one reads), restores
// the run's score set, drives the engine (live requests, the provider's batch mode, or adaptive pairwise sampling),
// and records how the run ended. Everything it needs is in the workspace, so an interrupted run resumes from there.

import OpenAI from 'openai';
import type { Workspace } from '../db/workspace.js';
import type { JudgeLimits, JudgePairwiseSpec, JudgeRunSpec } from '../api/contract/index.js';
import { UserError } from '../domain/errors.js';
import { publicError } from '../api/errors.js';
import { JobCancelled, type JobContext } from '../jobs/runner.js';
import { EngineStats, RunControl, runEngine, type EngineLimits, type StopReason } from './engine.js';
import { Redactor, isLocalBaseUrl, type KeyProvider } from './keys.js';
import { allFailedMessage, doneMessage, dropEmptyScoreSet, noKeyMessage, restoreRunScoreSet, saveRetries } from './run-outcome.js';
import { TokenCounter, maxTokensField, resolveParams, type RequestShape } from './requests.js';
import { getTemplate } from './templates.js';
import { loadTranscripts } from './conversations.js';
import { ScoreItemSource, scoreRows } from './sources.js';
import { PairwiseSource } from './pairwise.js';
import { runBatchMode } from './batch.js';
import { judgeHeaders } from './http-client.js';
import { RunWriter } from './writer.js';
import { resolveLimits } from './limits.js';
import { getRunRow, pendingItems, runCounts, setRunState, type StoredSpec } from './store.js';

export interface RunJobOptions {
  workspace: Workspace;
  keys: KeyProvider;
  /** Minimum spacing of the writer's commits (see writer.ts). */
  commitIntervalMs?: number;
  /** RPM/TPM window; 60 s except in tests. */
  windowMs?: number;
}

export async function executeRun(
  o: RunJobOptions, runId: string, control: RunControl, stats: EngineStats, ctx: JobContext, limitsOverride?: JudgeLimits,
) {
  const ws = o.workspace;
  const writeDb = await ws.connect();
  const readDb = await ws.connect();
  let redactor = new Redactor();
  let writer: RunWriter | null = null;
  try {
    const run = await getRunRow(readDb, runId);
    const stored = JSON.parse(run.spec) as StoredSpec & { pairwise?: { groups: Record<string, string[]> } };
    const spec = stored.spec as JudgeRunSpec & JudgePairwiseSpec;
    await restoreRunScoreSet(writeDb, run, !!spec.batch, spec.params ?? {});
    const key = await o.keys.getKey(run.base_url);
    if (!key && !isLocalBaseUrl(run.base_url)) {
      throw new UserError(`${noKeyMessage(run.base_url)}, then resume the run`, 'needs-key');
    }
    redactor = new Redactor(key);
    const headers = judgeHeaders(run.base_url, key);
    const template = await getTemplate(readDb, run.mode, { templateId: run.template_id, version: run.template_version });
    if (template.hash !== run.template_hash) throw new UserError(`Prompt template ${run.template_id} v${run.template_version} changed since the run started`);
    const shape: RequestShape = { kind: run.mode, model: run.model, template, params: resolveParams(run.mode, spec.params), maxTokensField: maxTokensField(run.base_url) };
    const limits = resolveLimits({ ...spec.limits, ...(limitsOverride ?? {}) });
    const engineLimits: EngineLimits = { ...limits, windowMs: o.windowMs };
    writer = new RunWriter(writeDb, runId, run.score_set_id, o.commitIntervalMs ?? 250);
    const w = writer;
    await setRunState(writeDb, runId, 'running', null);

    const c0 = (await runCounts(readDb, runId)).get(runId);
    const total = run.mode === 'pairwise' ? stored.pairwise!.calls : c0?.total ?? 0;
    const base = { answered: c0?.answered ?? 0, failed: c0?.failed ?? 0 };
    let cached = 0;
    const report = (extra?: string) => {
      const done = base.answered + stats.answered + cached;
      const rate = stats.perMinute();
      ctx.progress(Math.min(done + base.failed + stats.failed, total), total,
        `${done}/${total} answered` + (cached ? ` · ${cached} from cache` : '') + (base.failed + stats.failed ? ` · ${base.failed + stats.failed} failed` : '') +
        (rate ? ` · ${Math.round(rate)}/min` : '') + (extra ? ` · ${extra}` : ''));
    };
    const writeError = (e: Error) => {
      if (!control.fatal) control.fatal = redactor.redact(e.message);
      control.cancel();
    };
    report();

    let reason: StopReason;
    if ((spec as JudgeRunSpec).batch && run.mode !== 'pairwise') {
      const b = typeof spec.batch === 'object' ? spec.batch : {};
      const client = new OpenAI({ apiKey: key ?? 'no-key', baseURL: run.base_url, maxRetries: limits.maxRetries, timeout: limits.timeoutMs, logLevel: 'off' });
      reason = await runBatchMode({
        db: writeDb, readDb, runId, shape, writer: w, client, control, stats, redactor,
        pollIntervalMs: b.pollIntervalMs ?? 30_000, maxRequestsPerBatch: b.maxRequestsPerBatch ?? 50_000,
        maxAttempts: 1 + limits.maxInvalidRetries, progress: (m) => report(m),
      });
    } else if (run.mode === 'pairwise') {
      const pw = stored.pairwise!;
      const text = await loadTranscripts(readDb, Object.values(pw.groups).flat());
      const source = await PairwiseSource.load(readDb, runId, shape, w, { groups: pw.groups, targets: pw.targets, swap: pw.swap, seed: pw.seed },
        text, limits.tpm ? new TokenCounter() : null, { onCached: () => { cached++; report(); }, onWriteError: writeError });
      reason = await runEngine({
        baseUrl: run.base_url, headers, kind: 'pairwise', limits: engineLimits, control, stats, redactor,
        hooks: {
          next: () => source.next(),
          onAnswer: async (e) => {
            const p = source.item(e.item.itemId)!;
            if (e.parsed.kind !== 'pairwise') return;
            const trial = source.apply(p, e.parsed.choice);
            w.add({
              type: 'answer', itemId: p.itemId, cacheKey: e.item.cacheKey, fromCache: false, attempts: e.attempts,
              inputTokens: e.spent.inputTokens, outputTokens: e.spent.outputTokens, cachedTokens: e.spent.cachedTokens, latencyMs: e.latencyMs,
              pairwise: { trial, a: p.a, b: p.b, choice: e.parsed.choice },
              cache: { model: run.model, kind: 'pairwise', raw: e.raw, parsed: JSON.stringify(e.parsed), inputTokens: e.usage.inputTokens, outputTokens: e.usage.outputTokens },
            }).catch(writeError);
            report();
          },
          onFailure: async (item, why, attempts) => {
            w.add({ type: 'failure', itemId: item.itemId, reason: why, attempts }).catch(writeError);
            report();
          },
        },
      });
    } else {
      const pending = await pendingItems(readDb, runId);
      const source = new ScoreItemSource(readDb, shape, pending, w, limits.tpm ? new TokenCounter() : null, {
        onCached: () => { cached++; report(); },
        onNoText: async (item) => {
          stats.failed++;
          w.add({ type: 'failure', itemId: item.itemId, reason: 'conversation has no messages to judge', attempts: 0 }).catch(writeError);
        },
        onWriteError: writeError,
      });
      reason = await runEngine({
        baseUrl: run.base_url, headers, kind: run.mode, limits: engineLimits, control, stats, redactor,
        hooks: {
          next: () => source.next(),
          onAnswer: async (e) => {
            const it = source.items.get(e.item.itemId)!;
            w.add({
              type: 'answer', itemId: it.itemId, cacheKey: e.item.cacheKey, fromCache: false, attempts: e.attempts,
              inputTokens: e.spent.inputTokens, outputTokens: e.spent.outputTokens, cachedTokens: e.spent.cachedTokens, latencyMs: e.latencyMs,
              scores: scoreRows(it.conversationId, e.parsed),
              cache: { model: run.model, kind: run.mode, raw: e.raw, parsed: JSON.stringify(e.parsed), inputTokens: e.usage.inputTokens, outputTokens: e.usage.outputTokens },
            }).catch(writeError);
            report();
          },
          onFailure: async (item, why, attempts) => {
            w.add({ type: 'failure', itemId: item.itemId, reason: why, attempts }).catch(writeError);
            report();
          },
        },
      });
    }
    await writer.close().catch(writeError);
    writer = null;
    if (control.fatal) reason = 'fatal';
    const after = (await runCounts(readDb, runId)).get(runId);
    const answered = after?.answered ?? 0;
    const failed = after?.failed ?? 0;
    // A run that finished with nothing answered and something failed has failed, whatever the engine says:
    // a dead endpoint must not end in a green "done" with an empty score set.
    const allFailed = reason === 'done' && answered === 0 && failed > 0;
    const state = reason === 'fatal' || allFailed ? 'failed' : reason === 'cancelled' ? 'cancelled' : reason === 'paused' ? 'paused' : 'done';
    const message = reason === 'fatal' ? control.fatal
      : allFailed ? await allFailedMessage(readDb, runId, failed)
      : state === 'done' ? await doneMessage(readDb, runId, { answered, failed, fromCache: after?.from_cache ?? 0 }) : reason === 'paused' ? 'Paused' : 'Cancelled by the user';
    if (allFailed) await dropEmptyScoreSet(writeDb, run);
    await setRunState(writeDb, runId, state, message, state === 'done' || state === 'cancelled');
    report();
    if (ctx.signal.aborted) throw new JobCancelled();
    // control.fatal is the engine's own account (an HTTP status and the endpoint's words, key redacted).
    if (state === 'failed') throw new UserError(message ?? 'Run failed', 'run-failed');
    return { runId, state, answered, failed, requests: stats.sent, retries: stats.retries, maxInFlight: stats.maxInFlight };
  } catch (e) {
    if (writer) await writer.close().catch(() => {});
    if (e instanceof JobCancelled) throw e;
    // What the run page shows: the user's error as it is; anything unexpected only by its log reference.
    const msg = e instanceof UserError ? redactor.redact(e.message) : publicError(e).body.error;
    await setRunState(writeDb, runId, 'failed', msg).catch(() => {});
    throw new UserError(msg, e instanceof UserError ? e.code : 'run-failed');
  } finally {
    await saveRetries(writeDb, runId, stats.retryReasons).catch(() => {});
    writeDb.close();
    readDb.close();
  }
}
