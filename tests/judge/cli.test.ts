// `workbench judge …` (main/judge/cli.ts) against the local test server: flags, dry run, exit codes, output.
// Protocol handling of the command line, not judging quality.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeCommand } from '../../main/judge/cli.js';
import { Workspace } from '../../main/db/workspace.js';
import { OpenAITestServer } from './openai-test-server.js';
import { insertStudy } from './helpers.js';

let server: OpenAITestServer;
let dir: string;
let db: string;

beforeAll(async () => {
  server = await OpenAITestServer.start();
  dir = mkdtempSync(join(tmpdir(), 'judge-cli-'));
  db = join(dir, 'cli.duckdb');
  const ws = await Workspace.open(db);
  await insertStudy(ws, 10, ['job_loss', 'parent_cancer']);
  ws.close();
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((c: unknown) => { out += String(c); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((c: unknown) => { err += String(c); return true; }) as typeof process.stderr.write;
  const key = process.env.OPENAI_API_KEY;
  delete process.env.OPENAI_API_KEY;
  try {
    return { code: await judgeCommand(args), out, err };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
    if (key !== undefined) process.env.OPENAI_API_KEY = key;
  }
}

describe('workbench judge CLI (protocol handling, not judging quality)', () => {
  it('--dry-run --json prints the estimate and sends nothing', async () => {
    server.reset();
    const r = await cli('--db', db, '--model', 'cli-model', '--base-url', server.url, '--dry-run', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ calls: 10, cacheHits: 0, toRequest: 10, model: 'cli-model' });
    expect(server.requests).toHaveLength(0);
  });

  it('runs a judge with flags, restricted by --where, and prints the summary', async () => {
    server.reset();
    const r = await cli('--db', db, '--model', 'cli-model', '--base-url', server.url, '--concurrency', '2', '--temperature', '0.2',
      '--where', "c.scenario = 'job_loss'", '--label', 'cli run', '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s).toMatchObject({ state: 'done', total: 5, answered: 5, label: 'cli run' });
    expect(server.chat()).toHaveLength(5);
    expect(server.chat()[0].body.temperature).toBe(0.2);
    const text = await cli('--db', db, '--model', 'cli-model', '--base-url', server.url, '--temperature', '0.2', '--conversations', 'conv-001,conv-003');
    expect(text.code).toBe(0);
    expect(text.err).toMatch(/calls 2: 2 answered by the cache, 0 to request/);
    expect(text.out).toMatch(/answered 2\/2 \(2 from cache\)/);
  });

  it('exit code 2 when some items failed; show lists the reasons; retry-failures fixes them', async () => {
    server.reset({ behavior: (q) => (q.conversation!.includes('(#4)') ? 'out-of-range' : 'ok') });
    const r = await cli('--db', db, '--model', 'fail-model', '--base-url', server.url, '--invalid-retries', '1', '--json');
    expect(r.code).toBe(2);
    const runId = JSON.parse(r.out).runId;
    const show = await cli('show', runId, '--db', db);
    expect(show.out).toMatch(/failures: 1 × invalid answer after 2 attempts/);
    expect(show.out).toMatch(/conv-005: invalid answer after 2 attempts: advice_giving: score 7 outside 1-5/);
    server.reset();
    const retry = await cli('retry-failures', runId, '--db', db, '--json');
    expect(retry.code).toBe(0);
    expect(JSON.parse(retry.out)).toMatchObject({ answered: 10, failed: 0 });
    const runs = await cli('runs', '--db', db, '--json');
    expect(JSON.parse(runs.out).map((x: { runId: string }) => x.runId)).toContain(runId);
  });

  it('pairwise and elo', async () => {
    server.reset();
    const r = await cli('pairwise', '--db', db, '--model', 'pw-cli', '--base-url', server.url, '--comparisons', '4', '--swap', '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s).toMatchObject({ mode: 'pairwise', total: 16, answered: 16 });
    const elo = await cli('elo', s.runId, '--db', db);
    expect(elo.out).toMatch(/Elo of .* over 16 judgments \(start 1000, K 32\)/);
    expect(elo.out).toMatch(/position bias: "A" chosen/);
  });

  it('templates, prices, and usage errors', async () => {
    expect((await cli('templates', '--db', db)).out).toMatch(/scores\s+default-scores v1 \(built-in\)/);
    expect(JSON.parse((await cli('prices', '--db', db, '--json')).out).length).toBeGreaterThan(5);
    expect((await cli('--db', db)).err).toMatch(/--model is required/);
    expect((await cli('--model', 'x')).err).toMatch(/--db FILE is required/);
    const bad = await cli('--db', db, '--model', 'x', '--base-url', server.url, '--where', 'no_such_column = 1');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--where: .*no_such_column/);
    expect((await cli('resume', '--db', db)).err).toMatch(/RUN id is required/);
    expect((await cli('--help')).out).toMatch(/workbench judge pairwise/);
  });
});
