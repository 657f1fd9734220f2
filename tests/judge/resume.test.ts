// Protocol handling across a real crash: a `workbench judge` process is SIGKILLed mid-run, then the run is
// resumed. No conversation whose answer was stored is requested again, and the score set ends up complete
// with exactly one row per conversation and dimension. (Tests our bookkeeping, not judging quality.)

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAITestServer } from './openai-test-server.js';
import { insertStudy } from './helpers.js';
import { Workspace } from '../../main/db/workspace.js';
import { JobRunner } from '../../main/jobs/runner.js';
import { JudgeService } from '../../main/judge/service.js';
import { boundKeyProvider } from '../../main/judge/keys.js';

const root = resolve(import.meta.dirname, '../..');
let server: OpenAITestServer;
let dir: string;

beforeAll(async () => {
  server = await OpenAITestServer.start({ latencyMs: 40 });
  dir = mkdtempSync(join(tmpdir(), 'judge-kill-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const convOf = (text: string) => /\(#(\d+)\)/.exec(text)![1];

describe('judge protocol handling: kill and resume', () => {
  it('protocol handling: a run killed with SIGKILL resumes without requesting any stored answer again', async () => {
    const N = 150;
    const path = join(dir, 'kill.duckdb');
    const ws0 = await Workspace.open(path);
    await insertStudy(ws0, N);
    ws0.close();

    const env = { ...process.env };
    delete env.OPENAI_API_KEY;
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests/judge/run-cli.ts'),
      '--db', path, '--model', 'kill-model', '--base-url', server.url, '--concurrency', '4', '--quiet'], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    // Kill once a good part of the answers has come back (answers are committed at most 250 ms apart).
    const t0 = Date.now();
    while (server.chat().filter((r) => r.status === 200).length < 60) {
      if (Date.now() - t0 > 60_000) throw new Error(`child made no progress: ${stderr}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    expect(await exited).toBeNull();
    const firstPhase = server.chat().map((r) => convOf(r.conversation!));

    const ws = await Workspace.open(path); // replays the WAL the killed process left
    try {
      const runId = await ws.db.value<string>(`SELECT run_id FROM judge_runs`);
      const storedBefore = new Set((await ws.db.all<{ c: string }>(`SELECT DISTINCT conversation_id AS c FROM scores WHERE score_set_id = ?`, [runId])).map((r) => r.c));
      expect(storedBefore.size).toBeGreaterThan(20);
      expect(storedBefore.size).toBeLessThan(N);
      const jobs = new JobRunner(() => {});
      const svc = new JudgeService({ workspace: () => ws, jobs, keys: () => boundKeyProvider(null, []) });
      expect((await svc.summary(runId)).state).toBe('interrupted');

      server.reset({ latencyMs: 5 });
      await svc.resume(runId);
      const s = await svc.wait(runId);
      expect(s.state).toBe('done');
      expect(s.answered).toBe(N);

      const secondPhase = server.chat().map((r) => `conv-${String(Number(convOf(r.conversation!)) + 1).padStart(3, '0')}`);
      // Nothing already stored was asked for again; everything else was asked for exactly once.
      expect(secondPhase.filter((c) => storedBefore.has(c))).toEqual([]);
      expect(new Set(secondPhase).size).toBe(secondPhase.length);
      expect(secondPhase.length).toBe(N - storedBefore.size);
      const perConv = await ws.db.all<{ n: number }>(`SELECT count(*) AS n FROM scores WHERE score_set_id = ? GROUP BY conversation_id`, [runId]);
      expect(perConv).toHaveLength(N);
      expect(perConv.every((r) => r.n === 6)).toBe(true);
      // Only requests that were in flight or answered-but-not-yet-committed at the kill were repeated.
      const repeated = secondPhase.filter((c) => firstPhase.includes(String(Number(c.slice(5)) - 1)));
      expect(repeated.length).toBeLessThanOrEqual(4 + 40);
    } finally {
      ws.close();
    }
  });
});
