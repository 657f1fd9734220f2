// `workbench themes describe`: LLM descriptions of a theme model's latents, over the same service as the app.
// The key comes from OPENAI_API_KEY, bound to OPENAI_BASE_URL and to --base-url (the user's own choice in their
// shell); local servers need none. It is never printed or stored.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Workspace } from '../db/workspace.js';
import { JobRunner } from '../jobs/runner.js';
import { CliError, numberFlag, reportCliFailure } from '../cli-support.js';
import { envKeyProvider } from '../judge/keys.js';
import type { ThemeDescribeEstimate, ThemeDescribeSpec } from '../api/contract/index.js';
import { ThemeDescriptionService } from './descriptions.js';
import { DESCRIBE_DEFAULTS } from './describe-settings.js';

export const DESCRIBE_USAGE = `workbench themes describe — an LLM describes each latent of a theme model

  workbench themes describe --db FILE --model ID [--base-url URL] [--llm MODEL] [--labeller MODEL]
        [--fidelity] [--candidates N] [--positives N] [--negatives N] [--percentile LO,HI] [--seed S]
        [--latents 0,3,7] [--temperature X] [--concurrency N] [--rpm R] [--tpm T] [--dry-run] [--json]

  Shows each latent's ${DESCRIBE_DEFAULTS.positives} top-activating and ${DESCRIBE_DEFAULTS.negatives} random zero-activation sentences to --llm
  (default ${DESCRIBE_DEFAULTS.llm}); --percentile 80,100 shows positives drawn from that activation band instead.
  --fidelity: --labeller (default --llm) says Yes/No for ${DESCRIBE_DEFAULTS.fidelityPositives} top and ${DESCRIBE_DEFAULTS.fidelityNegatives} zero-activation held-out
  sentences; precision, recall and F1 are stored, and with --candidates N the best of N is kept.
  Latents described with the same settings, or by a person, are skipped; answers are cached.
  --dry-run prints the estimate (calls, tokens, cost) and sends nothing.
`;

const OPTIONS = {
  db: { type: 'string' }, model: { type: 'string' }, 'base-url': { type: 'string' }, llm: { type: 'string' }, labeller: { type: 'string' },
  fidelity: { type: 'boolean' }, candidates: { type: 'string' }, positives: { type: 'string' }, negatives: { type: 'string' },
  percentile: { type: 'string' }, seed: { type: 'string' }, latents: { type: 'string' }, temperature: { type: 'string' },
  concurrency: { type: 'string' }, rpm: { type: 'string' }, tpm: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

const num = numberFlag;

function nums(v: string | undefined, name: string): number[] | undefined {
  return v === undefined ? undefined : v.split(',').map((x) => num(x.trim(), name)!);
}

function printEstimate(e: ThemeDescribeEstimate): string {
  const c = e.cost.amount === null ? `unknown (${e.cost.note})` : `$${e.cost.amount.toFixed(e.cost.amount < 1 ? 4 : 2)}`;
  return [
    `Estimate for ${e.modelId}: ${e.llm}${e.labeller !== e.llm ? ` (labels: ${e.labeller})` : ''} at ${e.baseUrlHost}`,
    `  latents to describe ${e.latents} (skipped: ${e.alreadyDescribed} already described, ${e.human} written by a person)`,
    `  calls ${e.calls}: ${e.descriptionCalls} descriptions (${e.cacheHits} cached), ${e.labelCalls} labels`,
    `  tokens: ~${e.inputTokens.toLocaleString('en')} input, ~${e.outputTokens.toLocaleString('en')} output; cost ${c}`,
    ...e.notes.map((n) => `  note: ${n}`),
  ].join('\n');
}

export async function describeCommand(args: string[]): Promise<number> {
  const out = (s: string) => process.stdout.write(s + '\n');
  const err = (s: string) => process.stderr.write(s + '\n');
  let ws: Workspace | null = null;
  try {
    const { values: v } = parseArgs({ args, options: OPTIONS, allowPositionals: false, strict: true });
    if (v.help) { out(DESCRIBE_USAGE); return 0; }
    if (!v.db || !v.model) throw new CliError('--db and --model are required (see --help)');
    const pct = nums(v.percentile, 'percentile');
    if (pct && pct.length !== 2) throw new CliError('--percentile takes two numbers, e.g. 80,100');
    const spec: ThemeDescribeSpec = {
      modelId: v.model, baseUrl: v['base-url'], llm: v.llm, labeller: v.labeller, fidelity: v.fidelity, candidates: num(v.candidates, 'candidates'),
      positives: num(v.positives, 'positives'), negatives: num(v.negatives, 'negatives'), seed: num(v.seed, 'seed'),
      temperature: num(v.temperature, 'temperature'), latents: nums(v.latents, 'latents'),
      ...(pct ? { positiveSampling: 'percentile' as const, percentile: pct as [number, number] } : {}),
      limits: { concurrency: num(v.concurrency, 'concurrency'), rpm: num(v.rpm, 'rpm'), tpm: num(v.tpm, 'tpm') },
    };
    ws = await Workspace.open(resolve(v.db));
    const w = ws;
    const jobs = new JobRunner(() => {});
    const keys = envKeyProvider(process.env, v['base-url'] ? [v['base-url']] : []);
    const svc = new ThemeDescriptionService({ workspace: () => w, jobs, keys: () => keys });
    const estimate = await svc.estimate(spec);
    if (v['dry-run']) {
      out(v.json ? JSON.stringify(estimate, null, 2) : printEstimate(estimate));
      return 0;
    }
    if (!v.json) err(printEstimate(estimate));
    const { jobId } = await svc.start(spec);
    const onSig = () => jobs.cancel(jobId);
    process.on('SIGINT', onSig);
    try {
      const info = await jobs.wait(jobId);
      if (info.state !== 'done') {
        err(`themes describe: ${info.state}${info.error ? `: ${info.error}` : ''}`);
        return info.state === 'cancelled' ? 130 : 1;
      }
      const descriptions = await svc.list(spec.modelId);
      if (v.json) out(JSON.stringify({ result: info.result, descriptions }, null, 2));
      else {
        for (const d of descriptions) {
          const f = d.f1 === null ? '' : `  P ${d.precision!.toFixed(2)} R ${d.recall!.toFixed(2)} F1 ${d.f1.toFixed(2)}`;
          out(`${String(d.latent).padStart(4)}  ${d.source === 'human' ? '(human) ' : ''}${d.description}${f}`);
        }
      }
      return 0;
    } finally {
      process.off('SIGINT', onSig);
    }
  } catch (e) {
    return reportCliFailure('themes describe', DESCRIBE_USAGE, e);
  } finally {
    ws?.close();
  }
}
