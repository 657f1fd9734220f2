// `workbench judge …`: the LLM judge on the command line, over the same JudgeService as the app.
// The API key comes from OPENAI_API_KEY (local servers need none); it is never printed.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Workspace } from '../db/workspace.js';
import { JobRunner } from '../jobs/runner.js';
import { UserError } from '../domain/errors.js';
import type { JudgeEstimate, JudgeLimits, JudgeParams, JudgeRunSummary, PriceRow } from '../api/contract/index.js';
import { JudgeService } from './service.js';
import { envKeyProvider } from './keys.js';
import { listTemplates } from './templates.js';
import { ensureJudgeDefaults } from './templates.js';
import { getPrices, setPrices } from './prices.js';

export const JUDGE_USAGE = `workbench judge — rescore conversations with an LLM through any OpenAI-compatible endpoint

  workbench judge --db FILE --model M [--base-url URL] [--mode scores|dimension]
        [--where SQL | --conversations ID,…] [--prompt-template ID] [--prompt-version V]
        [--concurrency N] [--rpm R] [--tpm T] [--retries N] [--invalid-retries N] [--timeout SEC]
        [--temperature X] [--max-tokens N] [--response-format json_schema|json_object|text]
        [--batch] [--poll SEC] [--label TEXT] [--dry-run] [--json] [--quiet]
  workbench judge pairwise --db FILE --model M [--comparisons N | --per-conversation N] [--swap] [--seed N]
        [same endpoint, selection, prompt and limit flags]
  workbench judge runs --db FILE [--json]                    runs with progress, tokens, cost
  workbench judge show RUN --db FILE [--json]                one run, with its failures
  workbench judge resume RUN --db FILE [limit flags]         continue a paused or interrupted run
  workbench judge retry-failures RUN --db FILE               ask again for the failed items
  workbench judge cancel RUN --db FILE                       mark a stopped run cancelled
  workbench judge elo RUN --db FILE [--json]                 Elo ratings of a pairwise run
  workbench judge templates --db FILE [--json]               prompt templates and versions
  workbench judge prices --db FILE [--set FILE.json] [--json] the price table (USD per million tokens)

  The key comes from OPENAI_API_KEY (not needed for localhost servers). --where is SQL over
  conversations c LEFT JOIN participants p, e.g. --where "p.condition = 'coach' AND c.round = 1".
  --dry-run prints the estimate (calls, tokens, cost, cache hits) and starts nothing.
  Ctrl-C pauses (requests in flight finish and are stored); resume with \`workbench judge resume RUN\`.
`;

const OPTIONS = {
  db: { type: 'string' }, model: { type: 'string' }, 'base-url': { type: 'string' }, mode: { type: 'string' },
  where: { type: 'string' }, conversations: { type: 'string' }, 'prompt-template': { type: 'string' }, 'prompt-version': { type: 'string' },
  concurrency: { type: 'string' }, rpm: { type: 'string' }, tpm: { type: 'string' }, retries: { type: 'string' },
  'invalid-retries': { type: 'string' }, timeout: { type: 'string' }, temperature: { type: 'string' }, 'max-tokens': { type: 'string' },
  'response-format': { type: 'string' }, batch: { type: 'boolean' }, poll: { type: 'string' }, label: { type: 'string' },
  'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, quiet: { type: 'boolean' }, comparisons: { type: 'string' },
  'per-conversation': { type: 'string' }, swap: { type: 'boolean' }, seed: { type: 'string' }, set: { type: 'string' }, help: { type: 'boolean' },
} as const;

class CliError extends Error {}

function num(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new CliError(`--${name} must be a number`);
  return n;
}

function fmtCost(c: { amount: number | null; note: string }): string {
  return c.amount === null ? `unknown (${c.note})` : `$${c.amount.toFixed(c.amount < 1 ? 4 : 2)}`;
}

function printEstimate(e: JudgeEstimate): string {
  return [
    `Estimate for ${e.model} at ${e.baseUrlHost} (${e.mode}${e.batch ? ', batch' : ''}; prompt ${e.template.templateId} v${e.template.version})`,
    `  conversations ${e.conversations}, calls ${e.calls}: ${e.cacheHits} answered by the cache, ${e.toRequest} to request`,
    `  tokens: ~${e.inputTokens.toLocaleString('en')} input, ~${e.outputTokens.toLocaleString('en')} output`,
    `  cost: ${fmtCost(e.cost)}`,
    ...(e.minMinutes !== null ? [`  at least ${e.minMinutes.toFixed(1)} min under the rpm/tpm limits`] : []),
    ...e.notes.map((n) => `  note: ${n}`),
  ].join('\n');
}

function printSummary(s: JudgeRunSummary): string {
  return [
    `${s.runId}  ${s.state}${s.message ? ` (${s.message})` : ''}`,
    `  ${s.mode} · ${s.model} at ${s.baseUrlHost} · prompt ${s.template.templateId} v${s.template.version}${s.batch ? ' · batch' : ''}${s.label ? ` · ${s.label}` : ''}`,
    `  answered ${s.answered}/${s.total} (${s.fromCache} from cache), failed ${s.failed}, pending ${s.pending}`,
    `  tokens ${s.inputTokens.toLocaleString('en')} in / ${s.outputTokens.toLocaleString('en')} out, cost so far ${fmtCost(s.costSoFar)}`,
    `  ${s.mode === 'pairwise' ? `pairwise judge_id: ${s.scoreSetId}` : `score set: ${s.scoreSetId}`}`,
  ].join('\n');
}

async function whereIds(ws: Workspace, where: string): Promise<string[]> {
  try {
    const rows = await ws.db.all<{ id: string }>(
      `SELECT c.conversation_id AS id FROM conversations c LEFT JOIN participants p USING (participant_id) WHERE (${where}) ORDER BY 1`);
    return rows.map((r) => r.id);
  } catch (e) {
    throw new CliError(`--where: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** `workbench judge …`; returns the exit code (0 done, 2 done with failures, 1 error, 130 paused by Ctrl-C). */
export async function judgeCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (e) {
    process.stderr.write(`judge: ${(e as Error).message}\n\n${JUDGE_USAGE}`);
    return 1;
  }
  const { values: v, positionals } = parsed;
  if (v.help || positionals[0] === 'help') {
    process.stdout.write(JUDGE_USAGE);
    return 0;
  }
  const sub = ['pairwise', 'runs', 'show', 'resume', 'retry-failures', 'cancel', 'elo', 'templates', 'prices'].includes(positionals[0]) ? positionals[0] : 'run';
  if (sub === 'run' && positionals.length) {
    process.stderr.write(`judge: unknown subcommand "${positionals[0]}"\n\n${JUDGE_USAGE}`);
    return 1;
  }
  if (!v.db) {
    process.stderr.write(`judge: --db FILE is required\n\n${JUDGE_USAGE}`);
    return 1;
  }
  let ws: Workspace | null = null;
  const out = (s: string) => process.stdout.write(s + '\n');
  const err = (s: string) => process.stderr.write(s + '\n');
  try {
    ws = await Workspace.open(resolve(v.db));
    const w = ws;
    let lastLine = '';
    const jobs = new JobRunner((info) => {
      if (v.quiet || v.json) return;
      const line = `  ${info.message}`;
      if (line !== lastLine) err(line);
      lastLine = line;
    });
    // A --base-url typed in the user's own shell is the user's choice of where OPENAI_API_KEY may go.
    const keys = envKeyProvider(process.env, v['base-url'] ? [v['base-url']] : []);
    const svc = new JudgeService({ workspace: () => w, jobs, keys: () => keys });
    const runId = positionals[1];
    const needRun = () => {
      if (!runId) throw new CliError(`judge ${sub}: RUN id is required (see \`workbench judge runs\`)`);
      return runId;
    };
    const limits: JudgeLimits = {
      concurrency: num(v.concurrency, 'concurrency'), rpm: num(v.rpm, 'rpm'), tpm: num(v.tpm, 'tpm'),
      maxRetries: num(v.retries, 'retries'), maxInvalidRetries: num(v['invalid-retries'], 'invalid-retries'),
      timeoutMs: v.timeout !== undefined ? num(v.timeout, 'timeout')! * 1000 : undefined,
    };
    for (const k of Object.keys(limits) as (keyof JudgeLimits)[]) if (limits[k] === undefined) delete limits[k];

    /** Runs a job to its end; Ctrl-C pauses it (a second Ctrl-C exits at once). */
    const follow = async (id: string): Promise<number> => {
      let interrupted = false;
      const onSig = () => {
        if (interrupted) process.exit(130);
        interrupted = true;
        err('  pausing: waiting for requests in flight (Ctrl-C again to quit now)…');
        void svc.pause(id);
      };
      process.on('SIGINT', onSig);
      try {
        const s = await svc.wait(id);
        out(v.json ? JSON.stringify(s, null, 2) : printSummary(s));
        if (interrupted) return 130;
        if (s.state === 'failed') return 1;
        return s.failed > 0 ? 2 : 0;
      } finally {
        process.off('SIGINT', onSig);
      }
    };

    switch (sub) {
      case 'run':
      case 'pairwise': {
        if (!v.model) throw new CliError('judge: --model is required (e.g. --model gpt-4o)');
        if (v.where && v.conversations) throw new CliError('judge: use --where or --conversations, not both');
        const ids = v.where ? await whereIds(w, v.where) : v.conversations?.split(',').map((s) => s.trim()).filter(Boolean);
        if (ids && !ids.length) throw new CliError('judge: no conversations match --where');
        const params: JudgeParams = {};
        if (v.temperature !== undefined) params.temperature = v.temperature === 'none' ? null : num(v.temperature, 'temperature');
        if (v['max-tokens'] !== undefined) params.maxTokens = num(v['max-tokens'], 'max-tokens');
        if (v['response-format'] !== undefined) params.responseFormat = v['response-format'] as JudgeParams['responseFormat'];
        const prompt = v['prompt-template'] || v['prompt-version']
          ? { templateId: v['prompt-template'], version: num(v['prompt-version'], 'prompt-version') } : undefined;
        const common = {
          model: v.model, baseUrl: v['base-url'], selection: ids ? { conversationIds: ids } : undefined, prompt, params, limits, label: v.label,
        };
        if (sub === 'pairwise') {
          const spec = {
            ...common, comparisonsPerScenario: num(v.comparisons, 'comparisons'), comparisonsPerConversation: num(v['per-conversation'], 'per-conversation'),
            swap: !!v.swap, seed: num(v.seed, 'seed'),
          };
          const e = await svc.estimatePairwise(spec);
          if (v['dry-run']) {
            out(v.json ? JSON.stringify(e, null, 2) : printEstimate(e));
            return 0;
          }
          if (!v.json && !v.quiet) err(printEstimate(e));
          const { runId: id } = await svc.startPairwise(spec);
          if (!v.json && !v.quiet) err(`Started ${id}`);
          return await follow(id);
        }
        if (v.mode && v.mode !== 'scores' && v.mode !== 'dimension') throw new CliError('--mode must be scores or dimension');
        const spec = {
          ...common, mode: (v.mode ?? 'scores') as 'scores' | 'dimension',
          batch: v.batch ? { pollIntervalMs: v.poll !== undefined ? num(v.poll, 'poll')! * 1000 : undefined } : undefined,
        };
        const e = await svc.estimate(spec);
        if (v['dry-run']) {
          out(v.json ? JSON.stringify(e, null, 2) : printEstimate(e));
          return 0;
        }
        if (!v.json && !v.quiet) err(printEstimate(e));
        const { runId: id } = await svc.start(spec);
        if (!v.json && !v.quiet) err(`Started ${id}`);
        return await follow(id);
      }
      case 'resume': {
        const { runId: id } = await svc.resume(needRun(), Object.keys(limits).length ? limits : undefined);
        return await follow(id);
      }
      case 'retry-failures': {
        const { runId: id } = await svc.retryFailures(needRun());
        return await follow(id);
      }
      case 'cancel': {
        const s = await svc.cancel(needRun());
        out(v.json ? JSON.stringify(s, null, 2) : printSummary(s));
        return 0;
      }
      case 'runs': {
        const runs = await svc.list();
        if (v.json) out(JSON.stringify(runs, null, 2));
        else out(runs.length ? runs.map(printSummary).join('\n') : 'No judge runs in this workspace.');
        return 0;
      }
      case 'show': {
        const d = await svc.get(needRun());
        if (v.json) out(JSON.stringify(d, null, 2));
        else {
          out(printSummary(d));
          for (const r of d.failureReasons) out(`  failures: ${r.count} × ${r.reason}`);
          for (const f of d.failures.slice(0, 20)) out(`    ${f.conversationId}${f.dimension ? ` / ${f.dimension}` : ''}${f.conversationB ? ` vs ${f.conversationB}` : ''}: ${f.reason}`);
          for (const b of d.batches) out(`  batch ${b.batchNo}: ${b.state} ${b.status ?? ''} ${b.batchId ?? ''} (${b.requests} requests)`);
        }
        return 0;
      }
      case 'elo': {
        const e = await svc.elo(needRun());
        if (v.json) out(JSON.stringify(e, null, 2));
        else {
          out(`Elo of ${e.judgeId} over ${e.trials} judgments (start 1000, K 32)`);
          for (const r of e.ratings) out(`  ${(r.scenario ?? '-').padEnd(24)} ${r.conversationId.padEnd(24)} ${r.rating.toFixed(1).padStart(7)}  ${r.wins}/${r.comparisons}`);
          if (e.positionBias) {
            const pb = e.positionBias;
            out(`  position bias: "A" chosen ${pb.shareA === null ? '-' : (100 * pb.shareA).toFixed(1) + '%'}; swapped pairs ${pb.swappedPairs}, same winner both ways ${pb.consistency === null ? '-' : (100 * pb.consistency).toFixed(1) + '%'}`);
          }
        }
        return 0;
      }
      case 'templates': {
        const t = await listTemplates(w.db);
        if (v.json) out(JSON.stringify(t, null, 2));
        else for (const x of t) out(`${x.kind.padEnd(10)} ${x.templateId} v${x.version}${x.builtin ? ' (built-in)' : ''}  ${x.name}  [${x.hash}]`);
        return 0;
      }
      case 'prices': {
        await ensureJudgeDefaults(w.db);
        if (v.set) {
          const rows = JSON.parse(readFileSync(resolve(v.set), 'utf8')) as PriceRow[];
          await setPrices(w.db, rows);
        }
        const p = await getPrices(w.db);
        if (v.json) out(JSON.stringify(p, null, 2));
        else for (const r of p) out(`${r.model.padEnd(16)} in $${r.inputPerMTok}/M  out $${r.outputPerMTok}/M  cached ${r.cachedInputPerMTok ?? '-'}  batch −${Math.round(r.batchDiscount * 100)}%`);
        return 0;
      }
    }
    return 1;
  } catch (e) {
    if (e instanceof CliError || e instanceof UserError) err(`judge: ${e.message}`);
    else err(`judge: ${(e as Error).message}`);
    return 1;
  } finally {
    ws?.close();
  }
}
