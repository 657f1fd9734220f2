// `workbench embed --db F --provider openai|offline|import …`: builds an embedding set (see README).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Workspace } from '../db/workspace.js';
import { CliError, intFlag, reportCliFailure, cliJobRunner } from '../cli-support.js';
import { envKeyProvider } from '../judge/keys.js';
import type { EmbeddingEstimate, EmbeddingSpec } from '../api/contract/index.js';
import { EmbeddingService } from './service.js';

export const EMBED_USAGE = `workbench embed — one vector per supporter sentence unit

  workbench embed --db FILE --provider offline [--dimensions N] [--seed S]
  workbench embed --db FILE --provider openai [--model M] [--dimensions N] [--base-url URL]
        [--batch-size N] [--concurrency N] [--rpm R] [--tpm T] [--retries N] [--timeout SEC] [--dry-run]
  workbench embed --db FILE --provider import --file F.parquet|F.csv|F.npy [--keys KEYS.csv] [--model NAME]
  workbench embed list --db FILE [--json]
  workbench embed resume ID --db FILE       continue an interrupted, failed or cancelled openai set
  workbench embed delete ID --db FILE
  Common: [--label TEXT] [--json] [--quiet]

  offline: TF-IDF + truncated SVD fitted on the study (model tfidf-svd-256), a lexical stand-in for a semantic
  model. openai: any OpenAI-compatible /v1/embeddings (default text-embedding-3-large); the key comes from
  OPENAI_API_KEY (for --base-url's origin too; none needed for localhost); vectors are cached in the workspace,
  so Ctrl-C and \`embed resume\` lose nothing. --batch-size caps inputs per request (default 2048; some servers take fewer).
  --dry-run prints calls, tokens and cost and starts nothing.
  --json prints {"id","provider","model","dimensions","sentences"}; progress goes to stderr.
`;

const OPTIONS = {
  db: { type: 'string' }, provider: { type: 'string' }, model: { type: 'string' }, dimensions: { type: 'string' }, file: { type: 'string' },
  keys: { type: 'string' }, 'base-url': { type: 'string' }, seed: { type: 'string' }, label: { type: 'string' }, concurrency: { type: 'string' },
  'batch-size': { type: 'string' }, rpm: { type: 'string' }, tpm: { type: 'string' }, retries: { type: 'string' }, timeout: { type: 'string' }, 'dry-run': { type: 'boolean' },
  json: { type: 'boolean' }, quiet: { type: 'boolean' }, help: { type: 'boolean' },
} as const;

const int = intFlag;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function specOf(v: Values): EmbeddingSpec {
  const label = v.label;
  switch (v.provider) {
    case 'offline': return { provider: 'offline', dimensions: int(v.dimensions, 'dimensions'), seed: int(v.seed, 'seed'), label };
    case 'openai': {
      const timeout = v.timeout === undefined ? undefined : Number(v.timeout) * 1000;
      return {
        provider: 'openai', model: v.model, dimensions: int(v.dimensions, 'dimensions'), baseUrl: v['base-url'], label,
        limits: { maxInputsPerRequest: int(v['batch-size'], 'batch-size'), concurrency: int(v.concurrency, 'concurrency'), rpm: int(v.rpm, 'rpm'), tpm: int(v.tpm, 'tpm'), maxRetries: int(v.retries, 'retries'), timeoutMs: timeout },
      };
    }
    case 'import':
      if (!v.file) throw new CliError('--provider import needs --file');
      return { provider: 'import', file: resolve(v.file), keys: v.keys ? resolve(v.keys) : undefined, model: v.model, label };
    default: throw new CliError('--provider must be offline, openai or import');
  }
}

function printEstimate(e: EmbeddingEstimate): string {
  return [
    `Estimate for ${e.model}: ${e.sentences} sentence units, ${e.calls} requests (${e.cacheHits} texts cached, ${e.toRequest} to request)`,
    `  tokens ~${e.inputTokens.toLocaleString('en')}, cost ${e.cost?.amount == null ? `unknown (${e.cost?.note ?? 'no price'})` : `$${e.cost.amount.toFixed(4)}`}`,
    ...(e.minMinutes !== null ? [`  at least ${e.minMinutes.toFixed(1)} min under the rpm/tpm limits`] : []),
    ...e.notes.map((n) => `  note: ${n}`),
  ].join('\n');
}

export async function embedCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${EMBED_USAGE}`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  if (v.help) {
    process.stdout.write(EMBED_USAGE);
    return 0;
  }
  if (!v.db) {
    process.stderr.write(`embed: --db FILE is required\n\n${EMBED_USAGE}`);
    return 2;
  }
  const quiet = !!v.quiet;
  const jobs = cliJobRunner(quiet);
  let ws: Workspace | null = null;
  try {
    ws = await Workspace.open(resolve(v.db));
    const opened = ws;
    const service = new EmbeddingService({ workspace: () => opened, jobs, keys: () => envKeyProvider(process.env, v['base-url'] ? [v['base-url']] : []) });
    const [sub, id] = positionals;
    if (sub === 'list') {
      const sets = await service.list();
      process.stdout.write(v.json ? JSON.stringify(sets, null, 2) + '\n'
        : sets.map((s) => `${s.id}  ${s.state}  ${s.provider} ${s.model} (${s.kind})  ${s.sentences} × ${s.dimensions}${s.message ? `  ${s.message}` : ''}`).join('\n') + '\n');
      return 0;
    }
    if (sub === 'delete') {
      if (!id) throw new CliError('embed delete ID');
      await service.delete(id);
      return 0;
    }
    if (sub !== undefined && sub !== 'resume') throw new CliError(`unknown subcommand ${sub}`);
    let started;
    if (sub === 'resume') {
      if (!id) throw new CliError('embed resume ID');
      started = await service.resume(id);
    } else {
      const spec = specOf(v);
      if (v['dry-run']) {
        const e = await service.estimate(spec);
        process.stdout.write(v.json ? JSON.stringify(e, null, 2) + '\n' : printEstimate(e) + '\n');
        return 0;
      }
      if (spec.provider === 'openai' && !quiet) process.stderr.write(printEstimate(await service.estimate(spec)) + '\n');
      started = await service.create(spec);
    }
    const onSigint = () => jobs.cancel(started.jobId);
    process.once('SIGINT', onSigint);
    const job = await jobs.wait(started.jobId);
    process.removeListener('SIGINT', onSigint);
    if (!quiet) process.stderr.write('\n');
    const set = (await service.list()).find((s) => s.id === started.embeddingSetId)!;
    if (job.state !== 'done') {
      process.stderr.write(`embed: ${job.state}${job.error ? `: ${job.error}` : ''}${set.provider === 'openai' ? `\n  resume with: workbench embed resume ${set.id} --db ${v.db}` : ''}\n`);
      return 1;
    }
    const out = { id: set.id, provider: set.provider, model: set.model, dimensions: set.dimensions, sentences: set.sentences };
    process.stdout.write(v.json ? JSON.stringify(out) + '\n' : `${set.id}: ${set.sentences} vectors of ${set.dimensions} (${set.provider} ${set.model}, ${set.kind})\n`);
    return 0;
  } catch (e) {
    return reportCliFailure('embed', EMBED_USAGE, e);
  } finally {
    ws?.close();
  }
}
