// One describe run inside its job: for each latent still to do, ask for the candidate descriptions, label the
// held-out sentences against each (fidelity), keep the best, and store it with the answers' cache rows in one
// transaction. A rerun with the same settings skips what is stored, and the cache answers what was asked before a
// cancel, so a run resumes where it stopped.
import { setMaxListeners } from 'node:events';
import type { Db } from '../db/workspace.js';
import type { ThemeDescriptionCandidate } from '../api/contract/index.js';
import { JobCancelled, type JobContext } from '../jobs/runner.js';
import { Redactor } from '../judge/keys.js';
import { maxTokensField } from '../judge/requests.js';
import { hostOf } from '../judge/store.js';
import { DescribeCalls, storeCacheRows } from './describe-llm.js';
import { describeRequest, labelRequest, readDescription, readLabel } from './describe-prompts.js';
import { bestCandidate, fidelityOf } from './describe-fidelity.js';
import { heldOutSample, shownSample, type LatentFiring, type ShownSample } from './describe-samples.js';
import { writeLlmDescription, type ModelSentences } from './describe-store.js';
import { DESCRIPTION_MAX_TOKENS, LABEL_MAX_TOKENS, type DescribeSettings } from './describe-settings.js';

export interface DescribeRunResult {
  modelId: string;
  described: number;
  /** Latents left as they were: described with the same settings before, or written by a person. */
  skipped: number;
  failed: { latent: number; reason: string }[];
  requests: number;
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
}

export interface DescribePlan {
  settings: DescribeSettings;
  promptHash: string;
  settingsKey: string;
  data: ModelSentences;
  /** The latents to describe, in order. */
  todo: LatentFiring[];
  skipped: number;
}

/** The requests that describe one latent: one per candidate, each with its own shown sentences. */
export function descriptionRequests(plan: DescribePlan, f: LatentFiring) {
  const s = plan.settings;
  const shown: ShownSample[] = [];
  const reqs = [];
  for (let c = 0; c < s.candidates; c++) {
    const sample = shownSample(f, plan.data.keys.length, s, c);
    shown.push(sample);
    reqs.push(describeRequest({
      model: s.llm, temperature: s.temperature, maxTokens: DESCRIPTION_MAX_TOKENS, maxTokensField: maxTokensField(s.baseUrl),
      instructions: s.instructions, positives: sample.positives.map((i) => plan.data.texts[i]), negatives: sample.negatives.map((i) => plan.data.texts[i]),
    }));
  }
  return { shown, reqs };
}

export async function runDescribe(
  db: Db, plan: DescribePlan, key: string | null, ctx: JobContext, windowMs?: number,
): Promise<DescribeRunResult> {
  const s = plan.settings;
  const redactor = new Redactor(key);
  // Stops every latent's calls on a cancel, or when one latent hits a failure that ends the run (a rejected key).
  const stop = new AbortController();
  setMaxListeners(0, stop.signal); // every request in flight and every waiter listens to it
  const onAbort = () => stop.abort();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const calls = new DescribeCalls({ baseUrl: s.baseUrl, key, limits: s.limits, redactor, db, signal: stop.signal, windowMs });
  const result: DescribeRunResult = {
    modelId: s.modelId, described: 0, skipped: plan.skipped, failed: [], requests: 0, cacheHits: 0, inputTokens: 0, outputTokens: 0,
  };
  const total = plan.todo.length;
  let done = 0;
  const report = () => ctx.progress(done, total,
    `${result.described}/${total} described` + (result.failed.length ? ` · ${result.failed.length} failed` : '') +
    (calls.stats.cacheHits ? ` · ${calls.stats.cacheHits} from cache` : '') + ` · ${calls.stats.requests} requests`);
  report();

  const describeOne = async (f: LatentFiring) => {
    const { shown, reqs } = descriptionRequests(plan, f);
    const answers = await calls.askAll('theme-description', s.llm, reqs, DESCRIPTION_MAX_TOKENS, readDescription);
    const candidates: ThemeDescriptionCandidate[] = [];
    const shownKept: ShownSample[] = [];
    answers.forEach((a, i) => {
      if (a.value !== null) { candidates.push({ description: a.value, fidelity: null }); shownKept.push(shown[i]); }
    });
    if (!candidates.length) {
      result.failed.push({ latent: f.latent, reason: answers.find((a) => a.failure)?.failure ?? 'no description' });
      return;
    }
    if (s.fidelity) {
      const held = heldOutSample(f, plan.data.keys.length, s, shown);
      const sentences = [...held.positives, ...held.negatives];
      const fires = sentences.map((_, i) => i < held.positives.length);
      await Promise.all(candidates.map(async (c) => {
        const reqs = sentences.map((i) => labelRequest({
          model: s.labeller, maxTokens: LABEL_MAX_TOKENS, maxTokensField: maxTokensField(s.baseUrl), description: c.description, text: plan.data.texts[i],
        }));
        const labels = await calls.askAll('theme-label', s.labeller, reqs, LABEL_MAX_TOKENS, readLabel);
        c.fidelity = fidelityOf(fires, labels.map((l) => l.value));
      }));
    }
    const best = bestCandidate(candidates);
    const kept = candidates[best];
    await db.transaction(async () => {
      await storeCacheRows(db, calls.takeCacheRows());
      await writeLlmDescription(db, {
        modelId: s.modelId, latent: f.latent, description: kept.description, llmModel: s.llm, baseUrlHost: hostOf(s.baseUrl),
        temperature: s.temperature, promptHash: plan.promptHash, candidates, check: kept.fidelity, settingsKey: plan.settingsKey,
        shown: [...shownKept[best].positives, ...shownKept[best].negatives].map((i) => plan.data.keys[i]),
      });
    });
    result.described++;
  };

  // A few latents at once keep the request slots busy while each latent waits for its description before labelling.
  const parallel = Math.max(1, Math.min(8, s.limits.concurrency));
  let next = 0;
  let firstError: unknown = null;
  try {
    await Promise.all(Array.from({ length: parallel }, async () => {
      try {
        while (next < plan.todo.length && !stop.signal.aborted) {
          const f = plan.todo[next++];
          await describeOne(f);
          done++;
          report();
        }
      } catch (e) {
        firstError ??= e;
        stop.abort();
      }
    }));
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    // Answers received but not yet stored with a description still go to the cache: a resumed run reuses them.
    const rows = calls.takeCacheRows();
    if (rows.length) await db.transaction(() => storeCacheRows(db, rows)).catch(() => { /* the run's own error says more */ });
    calls.close();
    Object.assign(result, {
      requests: calls.stats.requests, cacheHits: calls.stats.cacheHits, inputTokens: calls.stats.inputTokens, outputTokens: calls.stats.outputTokens,
    });
  }
  if (ctx.signal.aborted) throw new JobCancelled();
  if (firstError) throw firstError;
  return result;
}
