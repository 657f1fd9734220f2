// `workbench figure` in its own process on a real workspace file: the SVG has one mark per row the query returns
// (counted by direct SQL), the CSV holds those rows, the provenance line carries the query; a bad spec file exits 1
// naming the fields; a saved figure is drawn by name; JSON mistakes are placed by line and column.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/db/workspace.js';
import { runImport } from '../../main/import/run-import.js';
import { saveFigure } from '../../main/custom-figures/store.js';
import { readSpecFile } from '../../main/custom-figures/spec-file.js';
import { CustomFigureService } from '../../main/custom-figures/service.js';
import { SqlConsole } from '../../main/sql/console.js';
import { CustomFigureSpecSchema } from '../../main/api/contract/custom-figures.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const tmp = tempDir('workbench-figure-cli-');
const dbPath = join(tmp.path, 'cli.duckdb');
const QUERY = `SELECT c.conversation_id, c.round, p.age FROM conversations c JOIN participants p USING (participant_id) WHERE p.condition IN ('coach', 'video')`;
let expectedRows: number;

beforeAll(async () => {
  writeTinyStudy(join(tmp.path, 'tiny'));
  const ws = await Workspace.open(dbPath);
  try {
    await runImport(ws.db, { path: join(tmp.path, 'tiny'), format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
    expectedRows = Number(await ws.db.value(`SELECT count(*) FROM (${QUERY})`));
    await saveFigure(ws.db, 'Rounds per condition', CustomFigureSpecSchema.parse({
      title: 'Rounds per condition', mark: 'barY', x: 'condition', aggregate: 'count',
      source: { kind: 'sql', sql: 'SELECT p.condition FROM conversations c JOIN participants p USING (participant_id)' },
    }), false);
  } finally {
    ws.close(); // the CLI opens the file itself
  }
}, 60_000);
afterAll(() => tmp.cleanup());

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'main/cli.ts'), 'figure', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => ok({ code, stdout, stderr }));
  });
}

const specFile = (name: string, spec: unknown) => {
  const p = join(tmp.path, name);
  writeFileSync(p, typeof spec === 'string' ? spec : JSON.stringify(spec, null, 2));
  return p;
};

describe('workbench figure', () => {
  it('writes an SVG with one dot per row of the query, and the rows as CSV', async () => {
    const spec = specFile('dots.json', { title: 'Age by round', source: { kind: 'sql', sql: QUERY }, mark: 'dot', x: 'round', y: 'age' });
    const out = join(tmp.path, 'dots.svg');
    const csv = join(tmp.path, 'dots.csv');
    const r = await cli(['--db', dbPath, '--spec', spec, '--out', out, '--csv', csv]);
    expect(r.stderr).toContain(`Age by round: ${expectedRows} rows`);
    expect(r.code).toBe(0);
    const svg = readFileSync(out, 'utf8');
    expect(expectedRows).toBe(18);
    expect(svg.match(/<circle /g)?.length).toBe(expectedRows);
    // The provenance line wraps inside the SVG; joined again it carries the whole query.
    expect(svg.replace(/<\/text><text [^>]*>/g, ' ')).toContain(`custom figure: query=${QUERY}; rows=${expectedRows}`);
    const lines = readFileSync(csv, 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('conversation_id,round,age');
    expect(lines).toHaveLength(expectedRows + 1);
  }, 180_000);

  it('draws a saved figure by name: one bar per condition', async () => {
    const out = join(tmp.path, 'saved.svg');
    const r = await cli(['--db', dbPath, '--name', 'Rounds per condition', '--out', out]);
    expect(r.code).toBe(0);
    const svg = readFileSync(out, 'utf8');
    // Four bars (the page background is the one other rect); the provenance names the saved figure.
    expect(svg.match(/<rect /g)?.length).toBe(4 + 1);
    expect(svg).toContain('custom figure "Rounds per condition"');
  }, 180_000);

  it('refuses a bad spec naming its fields (exit 1), and a column the data lack naming the channel', async () => {
    const bad = specFile('bad.json', { title: 'x', source: { kind: 'sql', sql: QUERY }, mark: 'pie', x: 3, aggregate: 'total' });
    const r = await cli(['--db', dbPath, '--spec', bad, '--out', join(tmp.path, 'bad.svg')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^workbench figure: bad\.json: the figure spec is not valid:\n {2}mark: Invalid option/);
    expect(r.stderr).toContain('  x: Invalid input: expected string, received number');
    expect(r.stderr).toContain('  aggregate: Invalid option');
    const col = specFile('col.json', { title: 'x', source: { kind: 'sql', sql: QUERY }, mark: 'dot', x: 'round', y: 'height' });
    const c = await cli(['--db', dbPath, '--spec', col, '--out', join(tmp.path, 'bad.svg')]);
    expect(c.code).toBe(1);
    expect(c.stderr).toBe('workbench figure: y: no column "height" in the data (columns: conversation_id, round, age)\n');
  }, 400_000);

  it('reads a spec file: JSON errors by line and column, a write refused by the sandbox', async () => {
    expect(() => readSpecFile(specFile('broken.json', '{"title": "x",\n  "mark": dot}'))).toThrow(/^broken\.json: not valid JSON at line 2, column 11$/);
    expect(() => readSpecFile(specFile('trailing.json', '{"title": "x",}'))).toThrow(/^trailing\.json: not valid JSON at line 1, column 15$/);
    expect(() => readSpecFile(join(tmp.path, 'missing.json'))).toThrow('missing.json: no such spec file');
    const spec = readSpecFile(specFile('write.json', { title: 'x', source: { kind: 'sql', sql: 'DELETE FROM conversations' }, mark: 'dot', x: 'a', y: 'b' }));
    const ws = await Workspace.open(dbPath);
    try {
      const service = new CustomFigureService({ workspace: () => ws, sql: new SqlConsole({ workspacePath: () => dbPath }) });
      await expect(service.render(spec)).rejects.toThrow('The SQL console is read-only: it runs SELECT queries and never changes the study');
      expect(await ws.db.value('SELECT count(*) FROM conversations')).toBe(36);
    } finally {
      ws.close();
    }
  }, 60_000);
});
