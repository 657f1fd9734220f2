// `workbench coding` and `workbench codebook` on a real workspace file: a spreadsheet import with codes created by
// path, bad rows named by line and column with nothing written, the agreement --json shape, codebook export and
// import, usage mistakes (exit 2). The commands run in-process with their output captured (a spawned tsx process
// takes tens of seconds on a busy machine); one run goes through bin/workbench's entry in its own process.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/db/workspace.js';
import { runImport } from '../../main/import/run-import.js';
import { codebookCommand, codingCommand } from '../../main/coding/cli.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const tmp = tempDir('workbench-coding-cli-');
const dbPath = join(tmp.path, 'cli.duckdb');
let keys: { c: string; t: number; s: number }[];

beforeAll(async () => {
  writeTinyStudy(join(tmp.path, 'tiny'));
  const ws = await Workspace.open(dbPath);
  try {
    await runImport(ws.db, { path: join(tmp.path, 'tiny'), format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
    keys = await ws.db.all(`SELECT s.conversation_id AS c, s.turn AS t, s.sentence_index AS s FROM sentences s JOIN messages m USING (conversation_id, turn)
      WHERE m.role = 'supporter' ORDER BY 1, 2, 3 LIMIT 10`);
  } finally {
    ws.close();
  }
}, 60_000);
afterAll(() => tmp.cleanup());

function spawnCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'main/cli.ts'), ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => ok({ code, stdout, stderr }));
  });
}

/** The subcommand in this process, stdout and stderr captured. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [command, ...rest] = args;
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((d: string) => ((stdout += d), true)) as typeof process.stdout.write;
  process.stderr.write = ((d: string) => ((stderr += d), true)) as typeof process.stderr.write;
  try {
    const code = await (command === 'coding' ? codingCommand(rest) : codebookCommand(rest));
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

const csvFile = (name: string, rows: (string | number)[][]) => {
  const p = join(tmp.path, name);
  writeFileSync(p, ['conversation_id,turn,sentence_index,code,comment', ...rows.map((r) => r.join(','))].join('\n') + '\n');
  return p;
};

describe('workbench coding', () => {
  it('imports two coders\' spreadsheets (codes created by path) and prints the agreement JSON shape', async () => {
    const a = csvFile('a.csv', keys.map((k, i) => [k.c, k.t, k.s, i % 2 ? 'Affective/Validating' : 'Misattuned/Advice giving', '"a, note"']));
    const b = csvFile('b.csv', keys.map((k, i) => [k.c, k.t, k.s, i % 2 || i === 4 ? 'Affective/Validating' : 'Misattuned/Advice giving', '']));
    const ra = await cli(['coding', 'import', '--db', dbPath, '--coder', 'ann', a]);
    expect(ra).toMatchObject({ code: 0, stdout: '10 assignments imported for ann, 4 codes created\n' });
    // The import runs as a job: its progress goes to stderr.
    expect(ra.stderr).toContain('Saving (10/10)');
    expect((await cli(['coding', 'import', '--db', dbPath, '--coder', 'bob', b])).code).toBe(0);
    const r = await spawnCli(['coding', 'agreement', '--db', dbPath, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['coders', 'units', 'overall', 'codes']);
    expect(Object.keys(out.overall)).toEqual(['percent', 'kappa', 'alpha']);
    expect(out.coders).toEqual(['ann', 'bob']);
    expect(out.units).toBe(10);
    expect(out.overall.percent).toBeCloseTo(0.9, 12);
    expect(out.codes.map((c: Record<string, unknown>) => Object.keys(c))).toEqual([['code', 'n', 'percent', 'kappa'], ['code', 'n', 'percent', 'kappa']]);
    expect(out.codes.map((c: { code: string; n: number }) => [c.code, c.n])).toEqual([['Affective/Validating', 6], ['Misattuned/Advice giving', 5]]);
    const text = await cli(['coding', 'agreement', '--db', dbPath, '--coders', 'ann,bob']);
    expect(text.stdout).toMatch(/^coders ann, bob: 10 sentence units coded by at least two \(10 by all\)\noverall: agreement 0\.900, Cohen's kappa /);
  }, 120_000);

  it('names bad rows by line and column and imports nothing', async () => {
    const bad = csvFile('bad.csv', [[keys[0].c, keys[0].t, keys[0].s, 'Cognitive/New code', ''], [keys[1].c, 'x', keys[1].s, 'Cognitive', ''], ['nope', 0, 0, 'Cognitive', ''], [keys[2].c, keys[2].t, keys[2].s, 'A//B', '']]);
    const r = await cli(['coding', 'import', '--db', dbPath, '--coder', 'carl', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('line 3, column turn: "x" is not a whole number');
    expect(r.stderr).toContain('line 5, column code: "A//B" has an empty level');
    expect(r.stderr).toContain('nothing was imported');
    const missing = await cli(['coding', 'import', '--db', dbPath, '--coder', 'carl', csvFile('missing.csv', [['nope', 0, 0, 'Cognitive', '']])]);
    expect(missing.stderr).toContain('line 2: no sentence nope turn 0 sentence_index 0');
    const ws = await Workspace.open(dbPath);
    try {
      expect(await ws.db.value(`SELECT count(*) FROM coding_assignments WHERE coder = 'carl'`)).toBe(0);
      expect(await ws.db.value(`SELECT count(*) FROM coding_codes WHERE name = 'New code'`)).toBe(0);
    } finally {
      ws.close();
    }
    expect((await cli(['coding', 'import', '--db', dbPath, bad])).code).toBe(2);
    expect((await cli(['coding', 'agreement', '--db', dbPath, '--coders', 'ann'])).code).toBe(2);
  }, 120_000);

  it('exports the codebook in each format and the coded segments; imports a codebook', async () => {
    for (const ext of ['csv', 'json', 'md', 'tex', 'qdc', 'qdpx']) {
      const out = join(tmp.path, `codebook.${ext}`);
      const r = await cli(['codebook', 'export', '--db', dbPath, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(existsSync(out)).toBe(true);
    }
    expect(readFileSync(join(tmp.path, 'codebook.md'), 'utf8')).toContain('| Validating | ');
    expect(readFileSync(join(tmp.path, 'codebook.tex'), 'utf8')).toContain('\\begin{longtable}');
    const seg = join(tmp.path, 'segments.csv');
    expect((await cli(['coding', 'export', '--db', dbPath, '--out', seg, '--coders', 'ann'])).code).toBe(0);
    const lines = readFileSync(seg, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('conversation_id,turn,sentence_index,start,end,text,code,coder,grain,timestamp');
    expect(lines).toHaveLength(11);
    const imp = await cli(['codebook', 'import', '--db', dbPath, join(tmp.path, 'codebook.qdc')]);
    expect(imp).toMatchObject({ code: 0, stdout: '0 codes added, 4 already in the codebook\n' });
    expect((await cli(['codebook', 'export', '--db', dbPath, '--out', join(tmp.path, 'x.pdf')])).code).toBe(2);
  }, 180_000);
});
