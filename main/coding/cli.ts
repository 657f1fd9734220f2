// `workbench codebook export|import` and `workbench coding import|export|agreement`: the coding service on a
// workspace file, for teams that code in spreadsheets and for scripted agreement reports. Imports and exports run
// as jobs: progress on stderr, Ctrl-C cancels (an import then leaves nothing).
import { basename, extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CODEBOOK_FORMATS, type CodebookExportResult, type CodebookFormat } from '../api/contract/index.js';
import { Workspace } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { CliError, cliJobRunner, reportCliFailure } from '../cli-support.js';
import type { JobRunner } from '../jobs/runner.js';
import { CodingService } from './service.js';

export const CODEBOOK_USAGE = `workbench codebook — the coding codebook of a workspace

  workbench codebook export --db FILE --out FILE [--format csv|json|md|tex|qdc|qdpx]
  workbench codebook import --db FILE [--coder NAME] CODEBOOK.qdc|CODEBOOK.json

  export: the format defaults to the --out extension. md and tex are tables shaped like the paper's
  Supplementary Tables 1-8 (code, description, % of coded sentence units, examples); qdc is the REFI-QDA
  codebook, qdpx the REFI-QDA project (codes, sources, coded segments, memos) for NVivo, ATLAS.ti, MAXQDA, QualCoder.
  import: adds the codes not yet in the codebook (matched by path); --coder names who the log records (default "import").
`;

export const CODING_USAGE = `workbench coding — coded segments and coder agreement

  workbench coding import --db FILE --coder NAME SEGMENTS.csv
  workbench coding export --db FILE --out SEGMENTS.csv [--coders A,B]
  workbench coding agreement --db FILE [--coders A,B] [--json]

  import: CSV columns conversation_id, turn, sentence_index, code (a path such as Affective/Validating emotions);
  codes are created as needed; all or nothing, and a bad row is named by line and column.
  agreement: over sentence units coded by at least two of the coders (default: every coder but consensus).
  --json prints {"coders":[...],"units":N,"overall":{"percent","kappa","alpha"},"codes":[{"code","n","percent","kappa"}]}
  (kappa: Cohen's for two coders, Fleiss' for more, over units every coder coded; alpha: Krippendorff's nominal).
`;

const OPTIONS = {
  db: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' }, coder: { type: 'string' }, coders: { type: 'string' },
  json: { type: 'boolean' }, help: { type: 'boolean' },
} as const;

type Values = { db?: string; out?: string; format?: string; coder?: string; coders?: string; json?: boolean; help?: boolean };

async function withService<T>(db: string | undefined, fn: (c: CodingService, jobs: JobRunner) => Promise<T>): Promise<T> {
  if (!db) throw new CliError('--db FILE is required');
  const ws = await Workspace.open(resolve(db));
  try {
    const jobs = cliJobRunner(false);
    return await fn(new CodingService({ workspace: () => ws, jobs }), jobs);
  } finally {
    ws.close();
  }
}

/** Waits for an import or export job (its progress on stderr; Ctrl-C cancels it) and returns its result. */
async function viaJob<T>(jobs: JobRunner, started: { jobId: string }): Promise<T> {
  const onSigint = () => jobs.cancel(started.jobId);
  process.once('SIGINT', onSigint);
  const job = await jobs.wait(started.jobId);
  process.removeListener('SIGINT', onSigint);
  process.stderr.write('\n');
  if (job.state === 'cancelled') throw new UserError('cancelled; nothing was changed', 'cancelled');
  if (job.state !== 'done') throw new UserError(job.error ?? 'failed', 'job-failed');
  return job.result as T;
}

const coderList = (v: string | undefined) => v?.split(',').map((s) => s.trim()).filter(Boolean);

function parse(args: string[], usage: string): { v: Values; positionals: string[] } | number {
  try {
    const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
    if (values.help) {
      process.stdout.write(usage);
      return 0;
    }
    return { v: values, positionals };
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${usage}`);
    return 2;
  }
}

export async function codebookCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'export' && sub !== 'import') {
    (sub === '--help' ? process.stdout : process.stderr).write(CODEBOOK_USAGE);
    return sub === '--help' ? 0 : 2;
  }
  const p = parse(rest, CODEBOOK_USAGE);
  if (typeof p === 'number') return p;
  const { v, positionals } = p;
  try {
    if (sub === 'export') {
      if (!v.out) throw new CliError('codebook export needs --out FILE');
      const format = (v.format ?? extname(v.out).slice(1).toLowerCase()) as CodebookFormat;
      if (!(CODEBOOK_FORMATS as readonly string[]).includes(format)) throw new CliError(`--format must be one of ${CODEBOOK_FORMATS.join(', ')} (or give --out a matching extension)`);
      const r = await withService(v.db, async (c, jobs) => viaJob<CodebookExportResult>(jobs, await c.startExport({ what: format, path: resolve(v.out!) })));
      process.stderr.write(`codebook written as ${format} (${r.bytes} bytes)\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new CliError('codebook import needs one file: CODEBOOK.qdc or CODEBOOK.json');
    const ext = extname(positionals[0]).toLowerCase();
    const format = ext === '.qdc' || ext === '.qde' || ext === '.xml' ? 'qdc' : ext === '.json' ? 'json' : null;
    if (!format) throw new CliError('codebook import reads .qdc (REFI-QDA) or .json (the JSON export) files');
    const r = await withService(v.db, async (c, jobs) => viaJob<{ created: number; existing: number }>(jobs,
      await c.startImport({ coder: v.coder ?? 'import', what: format, path: resolve(positionals[0]) })));
    process.stdout.write(v.json ? `${JSON.stringify(r)}\n` : `${r.created} codes added, ${r.existing} already in the codebook\n`);
    return 0;
  } catch (e) {
    return reportCliFailure('codebook', CODEBOOK_USAGE, e);
  }
}

export async function codingCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'import' && sub !== 'export' && sub !== 'agreement') {
    (sub === '--help' ? process.stdout : process.stderr).write(CODING_USAGE);
    return sub === '--help' ? 0 : 2;
  }
  const p = parse(rest, CODING_USAGE);
  if (typeof p === 'number') return p;
  const { v, positionals } = p;
  try {
    if (sub === 'import') {
      if (!v.coder) throw new CliError('coding import needs --coder NAME');
      if (positionals.length !== 1) throw new CliError('coding import needs one CSV file');
      const file = positionals[0];
      const r = await withService(v.db, async (c, jobs) => viaJob<{ assignments: number; codesCreated: number }>(jobs,
        await c.startImport({ coder: v.coder!, what: 'segments-csv', path: resolve(file), source: basename(file) })));
      process.stdout.write(v.json ? `${JSON.stringify(r)}\n` : `${r.assignments} assignments imported for ${v.coder}, ${r.codesCreated} codes created\n`);
      return 0;
    }
    if (sub === 'export') {
      if (!v.out) throw new CliError('coding export needs --out FILE.csv');
      const r = await withService(v.db, async (c, jobs) => viaJob<CodebookExportResult>(jobs, await c.startExport({ what: 'segments-csv', path: resolve(v.out!), coders: coderList(v.coders) })));
      process.stderr.write(`coded segments written (${r.bytes} bytes)\n`);
      return 0;
    }
    const coders = coderList(v.coders);
    if (coders && coders.length < 2) throw new CliError('--coders needs at least two names, comma-separated');
    const r = await withService(v.db, (c) => c.agreement({ coders }));
    const out = {
      coders: r.coders, units: r.units, overall: { percent: r.overall.percent, kappa: r.overall.kappa, alpha: r.overall.alpha },
      codes: r.codes.map((x) => ({ code: x.code, n: x.n, percent: x.percent, kappa: x.kappa })),
    };
    if (v.json) {
      process.stdout.write(`${JSON.stringify(out)}\n`);
      return 0;
    }
    const f = (x: number | null) => (x === null || !Number.isFinite(x) ? '–' : x.toFixed(3));
    const lines = [
      `coders ${r.coders.join(', ')}: ${r.units} sentence units coded by at least two (${r.completeUnits} by all)`,
      `overall: agreement ${f(r.overall.percent)}, ${r.kappaKind === 'cohen' ? "Cohen's" : "Fleiss'"} kappa ${f(r.overall.kappa)}, Krippendorff's alpha ${f(r.overall.alpha)}`,
      ...r.codes.map((x) => `  ${x.code}  n=${x.n}  agreement ${f(x.percent)}  kappa ${f(x.kappa)}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (e) {
    return reportCliFailure('coding', CODING_USAGE, e);
  }
}
