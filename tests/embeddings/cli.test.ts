// `workbench embed` in its own process: --json output for each provider, and a run killed mid-way (SIGKILL,
// nothing flushed on exit) that `embed resume` finishes without asking again for what was already answered.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/db/workspace.js';
import { OpenAITestServer } from '../judge/openai-test-server.js';
import { tinyBackend } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
let h: Awaited<ReturnType<typeof tinyBackend>>;
let server: OpenAITestServer;
let units: { c: string; t: number; s: number }[];

beforeAll(async () => {
  h = await tinyBackend('workbench-embeddings-cli-');
  units = await h.b.workspace.db.all('SELECT conversation_id AS c, turn AS t, sentence_index AS s FROM sentences ORDER BY 1, 2, 3');
  h.b.close(); // the CLI opens the file itself
  server = await OpenAITestServer.start();
}, 60_000);
afterAll(async () => {
  await server?.close();
  h?.tmp.cleanup();
});

function cli(args: string[], env: NodeJS.ProcessEnv = {}, onStart?: (kill: () => void) => void): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'main/cli.ts'), 'embed', '--db', h.dbPath, ...args], {
      cwd: ROOT, env: { ...process.env, OPENAI_API_KEY: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code, signal) => ok({ code, signal, stdout, stderr }));
    onStart?.(() => child.kill('SIGKILL'));
  });
}

describe('workbench embed', () => {
  it('offline --json prints id, provider, model, dimensions, sentences', async () => {
    const r = await cli(['--provider', 'offline', '--dimensions', '6', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toEqual({ id: expect.stringMatching(/^emb-/), provider: 'offline', model: 'tfidf-svd-6', dimensions: 6, sentences: units.length });
  }, 60_000);

  it('import --json from a CSV', async () => {
    const csv = join(h.tmp.path, 'v.csv');
    writeFileSync(csv, ['conversation_id,turn,sentence_index,v0,v1', ...units.map((u, i) => `${u.c},${u.t},${u.s},${i},1`)].join('\n'));
    const r = await cli(['--provider', 'import', '--file', csv, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ provider: 'import', model: 'v.csv', dimensions: 2, sentences: units.length });
  }, 60_000);

  it('a bad provider is a usage error', async () => {
    const r = await cli(['--provider', 'word2vec']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--provider must be offline, openai or import/);
  }, 60_000);

  it('openai: killed mid-run, then resumed, asks for each text once (bar requests in flight at the kill)', async () => {
    server.reset({ latencyMs: 40 });
    const args = ['--provider', 'openai', '--base-url', server.url, '--model', 'cli-model', '--concurrency', '1', '--batch-size', '1', '--json', '--quiet'];
    const first = await cli(args, {}, (kill) => {
      const timer = setInterval(() => {
        if (server.embeddingRequests().filter((r) => r.status === 200).length >= 5) {
          clearInterval(timer);
          kill();
        }
      }, 5);
    });
    expect(first.signal).toBe('SIGKILL');
    const ws = await Workspace.open(h.dbPath);
    const [set] = await ws.db.all<{ id: string; state: string }>(`SELECT embedding_set_id AS id, state FROM embedding_sets WHERE provider = 'openai'`);
    const cachedBefore = Number(await ws.db.value(`SELECT count(*) FROM embedding_cache WHERE model = 'cli-model'`));
    ws.close();
    expect(set.state).toBe('running'); // the process died; the next one reports it as interrupted
    expect(cachedBefore).toBeGreaterThanOrEqual(4);
    const asked = server.embeddingRequests().length;
    const list = await cli(['list', '--json']);
    expect(JSON.parse(list.stdout).find((s: { id: string }) => s.id === set.id).state).toBe('interrupted');
    const second = await cli(['resume', set.id, '--json', '--quiet']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ id: set.id, provider: 'openai', model: 'cli-model', dimensions: 16, sentences: units.length });
    const texts = server.embeddingRequests().flatMap((r) => r.body.input as string[]);
    const distinct = new Set(texts).size;
    // Everything answered before the kill was cached and not asked again; at most the one request in flight repeats.
    expect(texts.length - distinct).toBeLessThanOrEqual(asked - cachedBefore);
    expect(server.embeddingRequests().length - asked).toBe(distinct - cachedBefore);
  }, 120_000);
});
