// LLM descriptions of themes and their fidelity check, through the judge's endpoint settings, keys,
// limits and cache. Human edits are never overwritten by a later run.
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { Db, Workspace } from '../db/workspace.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JudgeCost, ThemeDescribeEstimate, ThemeDescribeSpec, ThemeDescription } from '../api/contract/index.js';
import { UserError } from '../domain/errors.js';
import { isLocalBaseUrl, keyOrigin, type KeyProvider } from '../judge/keys.js';
import { cost, getPrices, priceFor } from '../judge/prices.js';
import { chatTokens } from '../judge/requests.js';
import { cacheLookup } from '../judge/sources.js';
import { ensureJudgeDefaults } from '../judge/templates.js';
import { hostOf } from '../judge/store.js';
import { LABEL_SYSTEM, LABEL_USER, promptHash } from './describe-prompts.js';
import { heldOutSample } from './describe-samples.js';
import {
  LABEL_MAX_TOKENS, TYPICAL_DESCRIPTION_TOKENS, TYPICAL_LABEL_TOKENS, resolveDescribeSettings, settingsKey,
} from './describe-settings.js';
import { describedLatents, listDescriptions, loadModelSentences, writeHumanDescription } from './describe-store.js';
import { descriptionRequests, runDescribe, type DescribePlan, type DescribeRunResult } from './describe-run.js';

export interface ThemeDescriptionServiceDeps {
  workspace: () => Workspace;
  jobs: JobRunner;
  keys: () => KeyProvider;
  /** RPM/TPM window; 60 s except in tests. */
  windowMs?: number;
}

export class ThemeDescriptionService {
  /** Models with a describe run in progress: a second run on one would ask for the same latents twice. */
  private readonly running = new Set<string>();

  constructor(readonly deps: ThemeDescriptionServiceDeps) {}

  private get db(): Db {
    return this.deps.workspace().db;
  }

  /** What a run with this spec would do: settings, the model's sentences, and the latents still to describe. */
  private async plan(db: Db, spec: ThemeDescribeSpec): Promise<DescribePlan> {
    const settings = resolveDescribeSettings(spec);
    const hash = promptHash(settings.instructions);
    const key = settingsKey(settings, hash);
    const data = await loadModelSentences(db, settings.modelId);
    const wanted = settings.latents ? new Set(settings.latents) : null;
    for (const l of settings.latents ?? []) {
      if (l >= data.latents) throw new UserError(`Latent ${l} is out of range: model "${settings.modelId}" has latents 0-${data.latents - 1}`);
    }
    const stored = await describedLatents(db, settings.modelId);
    let skipped = 0;
    const todo = data.firings.filter((f) => {
      if (wanted && !wanted.has(f.latent)) return false;
      const was = stored.get(f.latent);
      if (was === 'human' || was === key) { skipped++; return false; }
      return true;
    });
    return { settings, promptHash: hash, settingsKey: key, data, todo, skipped };
  }

  /** Fails before anything is sent when the endpoint needs a key and none is bound to its origin. */
  private async requireKey(baseUrl: string): Promise<string | null> {
    const key = await this.deps.keys().getKey(baseUrl);
    if (!key && !isLocalBaseUrl(baseUrl)) {
      throw new UserError(`No API key for ${keyOrigin(baseUrl) ?? hostOf(baseUrl)}: enter a key for this endpoint in Settings, or set OPENAI_API_KEY with OPENAI_BASE_URL pointing at it`, 'needs-key');
    }
    return key;
  }

  async estimate(spec: ThemeDescribeSpec): Promise<ThemeDescribeEstimate> {
    const db = this.db;
    await ensureJudgeDefaults(db);
    const plan = await this.plan(db, spec);
    const s = plan.settings;
    const stored = await describedLatents(db, s.modelId);
    const human = [...stored.values()].filter((v) => v === 'human').length;
    let descriptionCalls = 0, labelCalls = 0, descriptionInput = 0, labelInput = 0;
    const keys: string[] = [];
    const tokensOf = new Map<number, number>();
    const sentenceTokens = (i: number) => {
      let t = tokensOf.get(i);
      if (t === undefined) tokensOf.set(i, (t = countTokens(plan.data.texts[i])));
      return t;
    };
    // The label prompt without its two slots, plus a typical description.
    const labelFrame = chatTokens(LABEL_SYSTEM, LABEL_USER.replace(/\{\{\s*(description|text)\s*\}\}/g, '')) + TYPICAL_DESCRIPTION_TOKENS;
    for (const f of plan.todo) {
      const { shown, reqs } = descriptionRequests(plan, f);
      for (const r of reqs) keys.push(r.cacheKey);
      descriptionCalls += reqs.length;
      descriptionInput += reqs.reduce((a, r) => a + r.tokens, 0);
      if (s.fidelity) {
        const held = heldOutSample(f, plan.data.keys.length, s, shown);
        const n = held.positives.length + held.negatives.length;
        labelCalls += n * reqs.length;
        labelInput += reqs.length * [...held.positives, ...held.negatives].reduce((a, i) => a + labelFrame + sentenceTokens(i), 0);
      }
    }
    const hits = await cacheLookup(db, keys);
    const hitCount = keys.filter((k) => hits.has(k)).length;
    const perCall = descriptionCalls ? descriptionInput / descriptionCalls : 0;
    const descIn = Math.round(descriptionInput - hitCount * perCall);
    const descOut = (descriptionCalls - hitCount) * TYPICAL_DESCRIPTION_TOKENS;
    const labelOut = labelCalls * Math.min(TYPICAL_LABEL_TOKENS, LABEL_MAX_TOKENS);
    const prices = await getPrices(db);
    const parts = [
      cost(priceFor(prices, s.llm), { inputTokens: descIn, outputTokens: descOut }, false),
      ...(labelCalls ? [cost(priceFor(prices, s.labeller), { inputTokens: labelInput, outputTokens: labelOut }, false)] : []),
    ];
    const notes = ['Input tokens are counted with the o200k tokenizer; answers are assumed one short line (descriptions) and one word (labels).'];
    if (s.fidelity) notes.push('Label calls depend on the descriptions, so their cache hits are only known while the run goes.');
    if (!plan.todo.length) notes.push('Nothing to do: every latent that fires is described with these settings or by a person.');
    for (const p of parts) if (!p.priced) notes.push(p.note);
    return {
      modelId: s.modelId, llm: s.llm, labeller: s.labeller, baseUrlHost: hostOf(s.baseUrl), latents: plan.todo.length,
      alreadyDescribed: plan.skipped - human, human, calls: descriptionCalls + labelCalls, descriptionCalls, labelCalls, cacheHits: hitCount,
      inputTokens: descIn + Math.round(labelInput), outputTokens: descOut + labelOut, cost: sumCost(parts), notes,
    };
  }

  /** Starts a run as a job (kind 'themes-describe'); starting it again with the same spec resumes it. */
  async start(spec: ThemeDescribeSpec): Promise<{ jobId: string }> {
    const settings = resolveDescribeSettings(spec);
    if (this.running.has(settings.modelId)) throw new UserError(`Model ${settings.modelId} is being described; wait for that run or cancel its job`, 'busy');
    const key = await this.requireKey(settings.baseUrl);
    // Plan on the caller's connection, so a wrong model id or latent is refused now rather than inside the job.
    await this.plan(this.db, spec);
    const ws = this.deps.workspace();
    this.running.add(settings.modelId);
    const job = this.deps.jobs.start('themes-describe', async (ctx): Promise<DescribeRunResult> => {
      try {
        const db = await ws.connect();
        try {
          const plan = await this.plan(db, spec);
          return await runDescribe(db, plan, key, ctx, this.deps.windowMs);
        } finally {
          db.close();
        }
      } finally {
        this.running.delete(settings.modelId);
      }
    });
    return { jobId: job.id };
  }

  async setDescription(modelId: string, latent: number, description: string): Promise<ThemeDescription | null> {
    return writeHumanDescription(this.db, modelId, latent, description);
  }

  async list(modelId: string): Promise<ThemeDescription[]> {
    const db = this.db;
    if (!(await db.value<number>(`SELECT count(*) FROM theme_models WHERE model_id = ?`, [modelId]))) {
      throw new UserError(`No theme model "${modelId}"`, 'not-found');
    }
    return listDescriptions(db, modelId);
  }
}

/** One cost for calls to two models; unpriced when either is. */
function sumCost(parts: JudgeCost[]): JudgeCost {
  if (parts.some((p) => !p.priced)) return { amount: null, currency: 'USD', priced: false, note: parts.find((p) => !p.priced)!.note };
  const amount = parts.reduce((a, p) => a + (p.amount ?? 0), 0);
  return { amount: Math.round(amount * 1e6) / 1e6, currency: 'USD', priced: true, note: [...new Set(parts.map((p) => p.note))].join('; ') };
}
