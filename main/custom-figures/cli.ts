// `workbench figure --db F --spec FILE.json --out FILE.svg [--csv FILE.csv]`: one custom figure, drawn from a spec
// file (or a figure saved in the workspace) by the same function the builder uses, so a saved figure is reproducible.
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CliError, reportCliFailure } from '../cli-support.js';
import { Workspace } from '../db/workspace.js';
import { SqlConsole } from '../sql/console.js';
import { CustomFigureService } from './service.js';
import { readSpecFile } from './spec-file.js';

export const FIGURE_USAGE = `workbench figure — draw one custom figure

  workbench figure --db FILE --spec SPEC.json --out FIGURE.svg [--csv DATA.csv]
  workbench figure --db FILE --name NAME --out FIGURE.svg [--csv DATA.csv]     a figure saved in the workspace
  workbench figure --db FILE --list                                            the saved figures' names

  SPEC.json is a figure spec as the builder saves it: {"title", "source": {"kind": "sql", "sql": "SELECT …"} or
  {"kind": "explorer", "filter": {…}, "scoreSetId": "…"}, "mark": dot|line|barY|barX|rectY|cell|boxY|text,
  "x", "y", "fill", "stroke", "fx", "fy", "text" (column names), "aggregate": none|count|mean|median|sum,
  "xScale"/"yScale": auto|linear|log|sqrt|band|ordinal, "bins", "width", "height"}. The query runs read-only.
  The SVG carries the title, legend and the provenance line (study, query, app version); --csv writes the data drawn.
`;

const OPTIONS = {
  db: { type: 'string' }, spec: { type: 'string' }, name: { type: 'string' }, out: { type: 'string' }, csv: { type: 'string' },
  list: { type: 'boolean' }, help: { type: 'boolean' },
} as const;

export async function figureCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true });
  } catch (e) {
    return reportCliFailure('workbench figure', FIGURE_USAGE, new CliError((e as Error).message));
  }
  const { values } = parsed;
  let ws: Workspace | null = null;
  try {
    if (values.help) { process.stdout.write(FIGURE_USAGE); return 0; }
    if (!values.db) throw new CliError('--db FILE is required');
    const path = resolve(values.db);
    if (!existsSync(path)) throw new CliError(`no workspace at ${values.db}`);
    if (!values.list && !values.out) throw new CliError('--out FILE.svg is required');
    if (!values.list && !!values.spec === !!values.name) throw new CliError('give either --spec FILE.json or --name NAME');
    const spec = values.spec ? readSpecFile(resolve(values.spec)) : null;
    ws = await Workspace.open(path);
    const opened = ws;
    const service = new CustomFigureService({ workspace: () => opened, sql: new SqlConsole({ workspacePath: () => path }) });
    if (values.list) {
      for (const f of (await service.list()).figures) process.stdout.write(`${f.name}\t${f.spec.mark}\t${f.spec.title}\n`);
      return 0;
    }
    const drawn = spec ? await service.render(spec) : await service.renderSaved(values.name!);
    writeFileSync(resolve(values.out!), `<?xml version="1.0" encoding="UTF-8"?>\n${drawn.svg}\n`);
    if (values.csv) writeFileSync(resolve(values.csv), drawn.csv);
    process.stderr.write(`${drawn.figure.title}: ${drawn.figure.data.length} rows → ${values.out}${values.csv ? ` and ${values.csv}` : ''}\n`);
    return 0;
  } catch (e) {
    return reportCliFailure('workbench figure', FIGURE_USAGE, e);
  } finally {
    ws?.close();
  }
}
