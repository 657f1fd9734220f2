import { parseArgs } from 'node:util';
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { Backend } from './backend.js';
import { Workspace } from './db/workspace.js';
import type { ImportFormat, ImportMode, StudyInfo } from './api/contract/index.js';
import { runImport } from './import/run-import.js';
import { buildWordIndex } from './search/word-index.js';
import { exportStudyFolder } from './export/study-folder-export.js';
import { studyInfo } from './study/info.js';
import { serveHttp } from './api/http.js';
import { openDemoStudy } from './study/demo.js';
import { memoryKeyStore } from './judge/keys.js';

const USAGE = `workbench — Empathy Workbench on the command line

  workbench demo --db FILE [--seed N] [--scale N]      generate the simulated Lend an Ear study into FILE
  workbench import PATH --db FILE [--format study|lend-an-ear|esconv|epitome|mapped|auto]
                   [--map source=field ...] [--replace]    import a study (all or nothing)
  workbench export --db FILE --out DIR [--parquet]      write the workspace as a study folder
  workbench info --db FILE [--json]                     counts, conditions, scenarios, score sets
  workbench serve [--db FILE] [--port N] [--static DIR] browser mode on 127.0.0.1; prints the URL with its access token
  workbench judge --db FILE --model M [--base-url URL] [--concurrency N] [--rpm R] [--tpm T] [--dry-run] [--batch] [--json]
                   [pairwise|runs|show|resume|…]       LLM judge runs (workbench judge --help)
  workbench analyze effects|contrasts|rci|trait|shifts|agreement|preference|elo --db FILE [--score-set ID]
                   [--reference LEVEL] [--json]            the paper's analyses (workbench analyze --help)
  workbench figures --db FILE --out DIR                 every figure as SVG + CSV of its data, and its tables
  workbench report --db FILE --out report.html          one self-contained HTML page with all figures and tables
  workbench embed --db FILE --provider offline|openai|import …   an embedding set of the sentence units
  workbench themes train|export|describe|validate --db FILE …    kSAE theme models (workbench themes --help)
  workbench project --db FILE --embeddings ID [--pca 50] [--neighbors 15] [--min-dist 0.1] [--seed S] [--json]
                   [list|export …]                      a 2-D map projection (workbench project --help)
  workbench sql --db FILE "SELECT …" [--json|--csv]    read-only SQL on the workspace (workbench sql --help)
  workbench codebook export|import --db FILE …         the coding codebook: CSV, JSON, Markdown, LaTeX, REFI-QDA (workbench codebook --help)
  workbench coding import|export|agreement --db FILE …  coded segments from/to CSV, coder agreement (workbench coding --help)
  workbench figure --db FILE --spec SPEC.json --out F.svg [--csv F.csv]   one custom figure (workbench figure --help)
`;

class CliError extends Error {}

function progressPrinter(quiet: boolean) {
  let last = '';
  return {
    progress(done: number, total: number, message?: string) {
      if (quiet) return;
      const pct = total > 1 ? ` ${Math.floor((100 * done) / total)}%` : '';
      const line = `${message ?? ''}${pct}`;
      if (line !== last) process.stderr.write(`  ${line}\n`);
      last = line;
    },
    checkCancelled() {},
  };
}

function summary(i: StudyInfo): string {
  const lines = [
    `${i.name}${i.simulated ? ' [SIMULATED DATA]' : ''}  (${i.path})`,
    `participants ${i.participants}, conversations ${i.conversations}, messages ${i.messages}, sentences ${i.sentences}`,
    `conditions: ${i.conditions.join(', ') || '-'}`,
    `scenarios: ${i.scenarios.join(', ') || '-'}`,
    `score sets: ${i.scoreSets.map((s) => `${s.id} (${s.conversations})`).join(', ') || '-'}`,
  ];
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 1;
  }
  // Analyses, figures and report parse their own flags (main/analysis-cli.ts).
  if (command === 'analyze') return (await import('./analysis-cli.js')).analyzeCommand(rest);
  if (command === 'figures') return (await import('./analysis-cli.js')).figuresCommand(rest);
  if (command === 'report') return (await import('./analysis-cli.js')).reportCommand(rest);
  // Commands with flags of their own parse them themselves.
  switch (command) {
    case 'judge': return (await import('./judge/cli.js')).judgeCommand(rest);
    case 'embed': return (await import('./embeddings/cli.js')).embedCommand(rest);
    case 'themes': return (await import('./themes/cli.js')).themesCommand(rest);
    case 'project': return (await import('./map/cli.js')).projectCommand(rest);
    case 'sql': return (await import('./sql/cli.js')).sqlCommand(rest);
    case 'codebook': return (await import('./coding/cli.js')).codebookCommand(rest);
    case 'coding': return (await import('./coding/cli.js')).codingCommand(rest);
    case 'figure': return (await import('./custom-figures/cli.js')).figureCommand(rest);
    case 'analyze': return (await import('./analysis-cli.js')).analyzeCommand(rest);
    case 'figures': return (await import('./analysis-cli.js')).figuresCommand(rest);
    case 'report': return (await import('./analysis-cli.js')).reportCommand(rest);
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      db: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' }, map: { type: 'string', multiple: true },
      replace: { type: 'boolean' }, json: { type: 'boolean' }, seed: { type: 'string' }, scale: { type: 'string' },
      port: { type: 'string' }, static: { type: 'string' }, parquet: { type: 'boolean' }, quiet: { type: 'boolean' },
    },
  });
  const needDb = () => {
    if (!values.db) throw new CliError(`${command}: --db FILE is required`);
    return resolve(values.db);
  };
  switch (command) {
    case 'demo': {
      const db = needDb();
      const { writeDemoStudy } = await import('../data/generate-demo-study.js');
      const { mkdtempSync, rmSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const { join } = await import('node:path');
      const dir = mkdtempSync(join(tmpdir(), 'workbench-demo-'));
      try {
        await writeDemoStudy(dir, { seed: values.seed ? Number(values.seed) : undefined, scale: values.scale ? Number(values.scale) : undefined });
        const ws = await Workspace.open(db);
        try {
          const report = await runImport(ws.db, { path: dir, format: 'study', mode: values.replace ? 'replace' : 'refuse' }, progressPrinter(!!values.quiet));
          await buildWordIndex(ws.db);
          await ws.db.run(`INSERT OR REPLACE INTO study_meta VALUES ('source', ?)`, [JSON.stringify('simulated (built-in demo generator)')]);
          const info = await studyInfo(ws.db, db);
          process.stdout.write(values.json ? JSON.stringify({ report, info }, null, 2) + '\n' : summary(info) + '\n');
        } finally {
          ws.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      return 0;
    }
    case 'import': {
      const db = needDb();
      const path = positionals[0];
      if (!path) throw new CliError('import: PATH is required');
      const map = parseMap(values.map ?? []);
      // A refused import into a file that did not exist must not leave an empty workspace behind.
      const fresh = !existsSync(db);
      const ws = await Workspace.open(db);
      let imported = false;
      try {
        const report = await runImport(ws.db, {
          path: resolve(path),
          format: (values.format ?? (map ? 'mapped' : 'auto')) as ImportFormat,
          map: map ?? undefined,
          mode: (values.replace ? 'replace' : 'refuse') as ImportMode,
        }, progressPrinter(!!values.quiet || !!values.json));
        // The app would build the word index on open; a CLI import leaves the workspace ready for search.
        await buildWordIndex(ws.db);
        if (values.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
        else {
          process.stdout.write(`Imported ${path} as ${report.format} (${report.importId}) in ${(report.elapsedMs / 1000).toFixed(1)} s\n`);
          for (const [t, n] of Object.entries(report.rows)) process.stdout.write(`  ${t}: ${n}\n`);
          for (const s of report.skipped) process.stdout.write(`  skipped ${s.count}: ${s.reason}\n`);
          if (report.replaced) process.stdout.write(`  replaced earlier import ${report.replaced}\n`);
        }
        imported = true;
      } finally {
        ws.close();
        if (fresh && !imported) for (const f of [db, `${db}.wal`]) rmSync(f, { force: true });
      }
      return 0;
    }
    case 'export': {
      const db = needDb();
      if (!values.out) throw new CliError('export: --out DIR is required');
      const ws = await Workspace.open(db);
      try {
        const r = await exportStudyFolder(ws.db, resolve(values.out), values.parquet ? 'parquet' : 'csv');
        process.stdout.write(values.json ? JSON.stringify(r, null, 2) + '\n' : r.files.map((f) => `${f.file}: ${f.rows} rows`).join('\n') + '\n');
      } finally {
        ws.close();
      }
      return 0;
    }
    case 'info': {
      const db = needDb();
      const ws = await Workspace.open(db);
      try {
        const i = await studyInfo(ws.db, db);
        if (values.json) {
          process.stdout.write(JSON.stringify({
            name: i.name, simulated: i.simulated, participants: i.participants, conversations: i.conversations,
            messages: i.messages, sentences: i.sentences, conditions: i.conditions, scenarios: i.scenarios,
            scoreSets: i.scoreSets.map((s) => ({ id: s.id, rater: s.rater, conversations: s.conversations, kind: s.kind, dimensions: s.dimensions })),
            tables: i.tables,
          }, null, 2) + '\n');
        } else process.stdout.write(summary(i) + '\n');
      } finally {
        ws.close();
      }
      return 0;
    }
    case 'serve': {
      // Browser mode has no OS keychain: a key typed in the page lives in this process's memory, per origin.
      const backend = new Backend({ keyStore: memoryKeyStore('this session (browser mode)') });
      const last = backend.recent.get().last;
      if (values.db) await backend.open(resolve(values.db));
      else if (last && existsSync(last)) {
        // Like the desktop app: the workspace open when browser mode last ran opens again.
        process.stderr.write(`Reopening the last workspace, ${last} (--db FILE opens another; the header switches to the demo).\n`);
        await backend.open(last);
      } else {
        process.stderr.write('Opening the simulated demo study (generated on first run)...\n');
        await openDemoStudy(backend, progressPrinter(false));
      }
      const staticDir = values.static ?? resolve(import.meta.dirname, '..', 'dist', 'renderer');
      const { launchUrl } = await serveHttp(backend.app, { port: values.port ? Number(values.port) : 5199, staticDir });
      // First line, on its own: the one link that works, since the page needs its per-launch token.
      process.stdout.write(`${launchUrl}\n`);
      process.stderr.write('Empathy Workbench (browser mode): open the link above. It holds this launch\'s access token; keep it private.\n');
      await new Promise(() => {});
      return 0;
    }
    default:
      throw new CliError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

function parseMap(pairs: string[]): Record<string, string> | null {
  if (!pairs.length) return null;
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0) throw new CliError(`--map expects source=field, got "${p}"`);
    out[p.slice(0, i)] = p.slice(i + 1);
  }
  return out;
}

const invokedDirectly = process.argv[1] && /cli\.(ts|js)$/.test(process.argv[1]);
if (invokedDirectly || process.env.WORKBENCH_CLI === '1') {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`workbench: ${(e as Error).message}\n`);
      process.exit(e instanceof CliError ? 2 : 1);
    },
  );
}
