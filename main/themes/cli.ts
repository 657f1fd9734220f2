// `workbench themes train|export|describe …`: kSAE theme models from the command line.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ThemeScenarioType } from '../api/contract/index.js';
import { THEME_SCENARIO_TYPES } from '../api/contract/index.js';
import { Workspace } from '../db/workspace.js';
import { CliError, intFlag, reportCliFailure, cliJobRunner } from '../cli-support.js';
import { EmbeddingService } from '../embeddings/service.js';
import { envKeyProvider } from '../judge/keys.js';
import { exportActivations } from './export.js';
import { ThemeService } from './service.js';

export const THEMES_USAGE = `workbench themes — kSAE theme models over an embedding set

  workbench themes train --db FILE --embeddings ID [--latents 16,32,64,128,256] [--k 2] [--seed S]
        [--scenario-type personal|workplace|all] [--max-epochs N] [--label TEXT] [--json] [--quiet]
  workbench themes resume GRID_ID --db FILE [--json]
  workbench themes list --db FILE [--json]
  workbench themes export --db FILE --model ID --out FILE.csv
  workbench themes describe --db FILE --model ID [--base-url URL] [--llm MODEL] [--fidelity]

  train: one TopK sparse autoencoder per M (and per scenario type; default all three), in a worker; Ctrl-C
  keeps each model's last finished epoch, and \`themes resume\` continues from it. --json prints
  {"models":[{"id","latents","k","silhouette","silhouetteTop2","loss","deadLatents"}]}; progress goes to stderr.
  export: one row per sentence unit: conversation_id, turn, sentence_index, text, top1, top2, activation1, activation2.
`;

const OPTIONS = {
  db: { type: 'string' }, embeddings: { type: 'string' }, latents: { type: 'string' }, k: { type: 'string' }, seed: { type: 'string' },
  'scenario-type': { type: 'string', multiple: true }, 'max-epochs': { type: 'string' }, label: { type: 'string' }, model: { type: 'string' },
  out: { type: 'string' }, json: { type: 'boolean' }, quiet: { type: 'boolean' }, help: { type: 'boolean' },
} as const;

const int = intFlag;

function scenarioTypes(v: string[] | undefined): ThemeScenarioType[] | undefined {
  if (!v) return undefined;
  const types = v.flatMap((s) => s.split(','));
  for (const t of types) if (!(THEME_SCENARIO_TYPES as readonly string[]).includes(t)) throw new CliError(`--scenario-type must be personal, workplace or all, not ${t}`);
  return types as ThemeScenarioType[];
}

export async function themesCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'describe') return (await import('./describe-cli.js')).describeCommand(rest);
  if (sub === 'validate') return (await import('./validate-cli.js')).validateCommand(rest);
  if (sub === '--help' || sub === undefined) {
    process.stdout.write(THEMES_USAGE);
    return sub === undefined ? 2 : 0;
  }
  if (!['train', 'resume', 'list', 'export'].includes(sub)) {
    process.stderr.write(`workbench themes: unknown subcommand "${sub}" (train, resume, list, export, describe, validate)\n\n${THEMES_USAGE}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${THEMES_USAGE}`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  if (v.help) {
    process.stdout.write(THEMES_USAGE);
    return 0;
  }
  let ws: Workspace | null = null;
  try {
    if (!v.db) throw new CliError('--db FILE is required');
    const quiet = !!v.quiet;
    const jobs = cliJobRunner(quiet);
    ws = await Workspace.open(resolve(v.db));
    const opened = ws;
    const embeddings = new EmbeddingService({ workspace: () => opened, jobs, keys: () => envKeyProvider(process.env, []) });
    const themes = new ThemeService({ workspace: () => opened, jobs, embeddings });
    if (sub === 'export') {
      if (!v.model || !v.out) throw new CliError('themes export needs --model ID and --out FILE.csv');
      const rows = await exportActivations(opened.db, v.model, resolve(v.out));
      if (!quiet) process.stderr.write(`${rows} sentence units written to ${v.out}\n`);
      return 0;
    }
    if (sub === 'list') {
      const models = await themes.models();
      process.stdout.write(v.json ? JSON.stringify(models, null, 2) + '\n'
        : models.map((m) => `${m.modelId}  ${m.state}  M=${m.latents} K=${m.k} ${m.scenarioType}  silhouette ${m.silhouette ?? '–'}  grid ${m.gridId}`).join('\n') + '\n');
      return 0;
    }
    let started;
    if (sub === 'resume') {
      if (!positionals[0]) throw new CliError('themes resume GRID_ID');
      started = await themes.resume(positionals[0]);
    } else {
      if (!v.embeddings) throw new CliError('themes train needs --embeddings ID');
      const latents = v.latents?.split(',').map((s) => int(s.trim(), 'latents')!);
      started = await themes.train({
        embeddingSetId: v.embeddings, latents, k: int(v.k, 'k'), seed: int(v.seed, 'seed'), scenarioTypes: scenarioTypes(v['scenario-type']),
        maxEpochs: int(v['max-epochs'], 'max-epochs'), label: v.label,
      });
    }
    const onSigint = () => jobs.cancel(started.jobId);
    process.once('SIGINT', onSigint);
    const job = await jobs.wait(started.jobId);
    process.removeListener('SIGINT', onSigint);
    if (!quiet) process.stderr.write('\n');
    if (job.state !== 'done') {
      process.stderr.write(`themes: ${job.state}${job.error ? `: ${job.error}` : ''}\n  resume with: workbench themes resume ${started.gridId} --db ${v.db}\n`);
      return 1;
    }
    const models = await themes.models({ gridId: started.gridId });
    const out = models.map((m) => ({ id: m.modelId, latents: m.latents, k: m.k, scenarioType: m.scenarioType, silhouette: m.silhouette, silhouetteTop2: m.silhouetteTop2, loss: m.loss, deadLatents: m.deadLatents }));
    process.stdout.write(v.json ? JSON.stringify({ gridId: started.gridId, models: out }) + '\n'
      : out.map((m) => `${m.id}  M=${m.latents} K=${m.k} ${m.scenarioType}  silhouette ${m.silhouette?.toFixed(3) ?? '–'} (top-2 ${m.silhouetteTop2?.toFixed(3) ?? '–'})  loss ${m.loss?.toFixed(4) ?? '–'}  dead ${m.deadLatents}`).join('\n') + '\n');
    return 0;
  } catch (e) {
    return reportCliFailure('themes', THEMES_USAGE, e);
  } finally {
    ws?.close();
  }
}
