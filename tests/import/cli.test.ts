import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PILOT, REPO_ROOT, tempDir } from './helpers.js';

const run = promisify(execFile);
const cli = (...args: string[]) =>
  run(process.execPath, [join(REPO_ROOT, 'bin', 'workbench.js'), ...args], { cwd: REPO_ROOT, timeout: 60_000 })
    .then((r) => ({ code: 0, ...r }), (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }));

describe('workbench import on the command line', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => { tmp = tempDir(); });
  afterAll(() => tmp.cleanup());

  it('exits non-zero and prints the error with file and line on stderr for a bad file', async () => {
    const dir = join(tmp.dir, 'bad');
    mkdirSync(dir);
    writeFileSync(join(dir, 'conversations.csv'), 'conversation_id\nc1\n');
    writeFileSync(join(dir, 'messages.csv'), 'conversation_id,turn,role,text\nc1,0,seeker,hi\nc1,1,robot,hello\n');
    const r = await cli('import', dir, '--db', join(tmp.dir, 'bad.duckdb'), '--quiet');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/messages\.csv, line 3, column "role": unknown role "robot"/);
    expect(r.stdout).not.toMatch(/Imported/);
    // The refused import was into a new file: nothing is left behind.
    expect(existsSync(join(tmp.dir, 'bad.duckdb'))).toBe(false);
    expect(existsSync(join(tmp.dir, 'bad.duckdb.wal'))).toBe(false);
  });

  it('--help lists each command once', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    const commands = [...r.stdout.matchAll(/^ {2}workbench (\S+)/gm)].map((m) => m[1]);
    expect(commands.length).toBeGreaterThan(8);
    expect(new Set(commands).size).toBe(commands.length);
  });

  it('imports the pilot folder, reports it, and refuses it a second time', { timeout: 180_000 }, async () => {
    const db = join(tmp.dir, 'pilot.duckdb');
    const ok = await cli('import', PILOT, '--db', db, '--json');
    expect(ok.code).toBe(0);
    const report = JSON.parse(ok.stdout);
    expect(report.format).toBe('lend-an-ear');
    expect(report.rows.conversations).toBe(50);
    const info = JSON.parse((await cli('info', '--db', db, '--json')).stdout);
    expect(info.conversations).toBe(50);
    expect(info.scoreSets.map((s: { id: string; conversations: number }) => [s.id, s.conversations]).sort())
      .toEqual(['claude', 'crowd', 'expert1', 'expert2', 'expert3', 'gemini', 'gpt'].map((id) => [id, 50]));
    const again = await cli('import', PILOT, '--db', db, '--quiet');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already imported/);
    const replaced = await cli('import', PILOT, '--db', db, '--replace', '--json');
    expect(replaced.code).toBe(0);
    expect(JSON.parse(replaced.stdout).replaced).toBe(report.importId);
  });
});
