// `workbench project …`: map projections from the command line.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECTION_ENGINES, type ProjectionEngine } from '../api/contract/index.js';
import { Workspace } from '../db/workspace.js';
import { CliError, intFlag, numberFlag, reportCliFailure, cliJobRunner } from '../cli-support.js';
import { exportProjectionCsv } from './export.js';
import { ProjectionService } from './service.js';

export const PROJECT_USAGE = `workbench project — 2-D map projections (UMAP) of an embedding set

  workbench project --db FILE --embeddings ID [--pca 50] [--neighbors 15] [--min-dist 0.1] [--epochs N] [--seed S]
        [--engine workbench-umap|umap-js] [--label TEXT] [--json] [--quiet]
  workbench project list --db FILE [--json]
  workbench project export --db FILE --projection ID --out FILE.csv

  project: PCA (default to 50 dimensions when the set is wider; --pca 0 for none), exact cosine kNN and the UMAP
  layout in a worker; Ctrl-C cancels and stores nothing. --json prints
  {"id","points","seconds","neighborhoodPreservation","params"}; progress goes to stderr.
  export: one row per point: conversation_id, turn, sentence_index, x, y.
`;

const OPTIONS = {
  db: { type: 'string' }, embeddings: { type: 'string' }, pca: { type: 'string' }, neighbors: { type: 'string' },
  'min-dist': { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string' }, engine: { type: 'string' },
  label: { type: 'string' }, projection: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' },
  quiet: { type: 'boolean' }, help: { type: 'boolean' },
} as const;

function engineFlag(v: string | undefined): ProjectionEngine | undefined {
  if (v === undefined) return undefined;
  if (!(PROJECTION_ENGINES as readonly string[]).includes(v)) throw new CliError(`--engine must be ${PROJECTION_ENGINES.join(' or ')}, not ${v}`);
  return v as ProjectionEngine;
}

export async function projectCommand(args: string[]): Promise<number> {
  const sub = args[0] === 'list' || args[0] === 'export' ? args[0] : 'create';
  const rest = sub === 'create' ? args : args.slice(1);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: OPTIONS, allowPositionals: false, strict: true });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${PROJECT_USAGE}`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(PROJECT_USAGE);
    return 0;
  }
  let ws: Workspace | null = null;
  try {
    if (!v.db) throw new CliError('--db FILE is required');
    const quiet = !!v.quiet;
    const jobs = cliJobRunner(quiet);
    ws = await Workspace.open(resolve(v.db));
    const opened = ws;
    const map = new ProjectionService({ workspace: () => opened, jobs });
    if (sub === 'export') {
      if (!v.projection || !v.out) throw new CliError('project export needs --projection ID and --out FILE.csv');
      const { csv, rows } = await exportProjectionCsv(opened.db, v.projection);
      writeFileSync(resolve(v.out), csv);
      if (!quiet) process.stderr.write(`${rows} points written to ${v.out}\n`);
      return 0;
    }
    if (sub === 'list') {
      const list = await map.list();
      process.stdout.write(v.json ? JSON.stringify(list, null, 2) + '\n'
        : list.map((p) => `${p.id}  ${p.state}  ${p.engine}  ${p.points ?? '–'} points  preservation ${p.neighborhoodPreservation?.toFixed(3) ?? '–'}  ${p.label ?? ''}`).join('\n') + '\n');
      return 0;
    }
    if (!v.embeddings) throw new CliError('project needs --embeddings ID');
    const started = await map.project({
      embeddingSetId: v.embeddings, pca: intFlag(v.pca, 'pca'), neighbors: intFlag(v.neighbors, 'neighbors'),
      minDist: numberFlag(v['min-dist'], 'min-dist'), epochs: intFlag(v.epochs, 'epochs'), seed: intFlag(v.seed, 'seed'),
      engine: engineFlag(v.engine), label: v.label,
    });
    const onSigint = () => jobs.cancel(started.jobId);
    process.once('SIGINT', onSigint);
    const job = await jobs.wait(started.jobId);
    process.removeListener('SIGINT', onSigint);
    if (!quiet) process.stderr.write('\n');
    if (job.state !== 'done') {
      process.stderr.write(`project: ${job.state}${job.error ? `: ${job.error}` : ''}\n`);
      return 1;
    }
    const p = await map.get(started.projectionId);
    const out = { id: p.id, points: p.points, seconds: p.seconds, neighborhoodPreservation: p.neighborhoodPreservation, params: p.params };
    process.stdout.write(v.json ? JSON.stringify(out) + '\n'
      : `${p.id}  ${p.points} points in ${p.seconds?.toFixed(1)} s, neighbourhood preservation ${p.neighborhoodPreservation?.toFixed(3) ?? '–'}\n`);
    return 0;
  } catch (e) {
    return reportCliFailure('project', PROJECT_USAGE, e);
  } finally {
    ws?.close();
  }
}
