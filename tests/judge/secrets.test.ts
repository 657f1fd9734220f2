// The API key must never reach the workspace file, logs, progress events, error messages or exports.
// A run through the real API handlers uses a unique random key, against a test server that even echoes
// the key back in a 401 error body; afterwards the .duckdb file's bytes (after CHECKPOINT) and everything
// captured from console, stdout/stderr, events and thrown errors are searched for it. A canary stored on
// purpose (the run's label) proves the byte search can find a string that is in the file.
// (Protocol handling of secrets, not judging quality.)

import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Backend } from '../../main/backend.js';
import { boundKeyProvider } from '../../main/judge/keys.js';
import { judgeCommand } from '../../main/judge/cli.js';
import { OpenAITestServer } from './openai-test-server.js';
import { insertStudy } from './helpers.js';

let server: OpenAITestServer;
let dir: string;

beforeAll(async () => {
  server = await OpenAITestServer.start();
  dir = mkdtempSync(join(tmpdir(), 'judge-secret-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('judge protocol handling: the API key never leaks', () => {
  it('protocol handling: a unique key is absent from the .duckdb bytes, logs, events, errors and exports', async () => {
    const secret = `sk-proj-${randomUUID().replaceAll('-', '')}${randomUUID().replaceAll('-', '')}`;
    const tail = secret.slice(-24); // catches a partial or re-encoded leak too
    const canary = `canary-${randomUUID()}`;
    const captured: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation((...a) => { captured.push(a.map(String).join(' ')); }));
    const outWrite = process.stdout.write.bind(process.stdout);
    const errWrite = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((c: unknown) => { captured.push(String(c)); return true; }) as typeof process.stdout.write;
    process.stderr.write = ((c: unknown) => { captured.push(String(c)); return true; }) as typeof process.stderr.write;
    const path = join(dir, 'secret.duckdb');
    const b = new Backend({ home: dir });
    const events: string[] = [];
    b.app.on('job-progress', (e) => events.push(JSON.stringify(e)));
    b.app.on('study-changed', (e) => events.push(JSON.stringify(e)));
    const errors: string[] = [];
    const call = async <T>(p: Promise<T>) => {
      try {
        const r = await p;
        captured.push(JSON.stringify(r));
        return r;
      } catch (e) {
        errors.push(String((e as Error).message), String((e as Error).stack));
        return null;
      }
    };
    try {
      const ws = await b.open(path);
      await insertStudy(ws, 8, ['job_loss', 'parent_death']);
      b.keys.use(boundKeyProvider(secret, [server.url], 'test'));
      const base = { model: 'secret-model', baseUrl: server.url, limits: { concurrency: 2, backoffBaseMs: 1, backoffMaxMs: 5, maxRetries: 2, timeoutMs: 3000 } };

      // 1. The endpoint echoes the key in a 401 body: the run fails with a message that must not carry it.
      server.reset({ behavior: () => 'unauthorized-echo' });
      const r1 = (await call(b.app.call('judge-start', { ...base, label: canary })))!;
      if (!r1) throw new Error(errors.join("\n"));
      await call(b.app.call('job-wait', { id: r1.jobId }));
      const failed = (await call(b.app.call('judge-run-get', { runId: r1.runId })))!;
      expect(failed.state).toBe('failed');
      expect(failed.message).toContain('[redacted]');
      expect(server.chat()[0].authorization).toBe(`Bearer ${secret}`); // the key really was used

      // 2. Resume with a mix of errors and bad answers, so failure reasons are stored.
      server.reset({ behavior: (r) => (r.conversation!.includes('(#1)') ? 'server-error' : r.conversation!.includes('(#2)') ? 'out-of-range' : 'ok') });
      const r2 = (await call(b.app.call('judge-resume', { runId: r1.runId })))!;
      await call(b.app.call('job-wait', { id: r2.jobId }));
      // 3. Batch mode, per-dimension mode and a pairwise run, all with the same key.
      server.reset();
      const r3 = (await call(b.app.call('judge-start', { ...base, model: 'secret-batch', batch: { pollIntervalMs: 5 } })))!;
      await call(b.app.call('job-wait', { id: r3.jobId }));
      const r4 = (await call(b.app.call('judge-pairwise-start', { ...base, comparisonsPerScenario: 4, swap: true })))!;
      await call(b.app.call('job-wait', { id: r4.jobId }));
      // 4. Everything the UI would read or export.
      await call(b.app.call('judge-runs', undefined));
      for (const id of [r1.runId, r3.runId]) await call(b.app.call('judge-run-get', { runId: id }));
      await call(b.app.call('judge-elo', { runId: r4.runId }));
      await call(b.app.call('judge-key-status', undefined));
      await call(b.app.call('study-info', undefined));
      await call(b.app.call('conversations-export', { filter: {}, scoreSetId: r1.runId }));
      await call(b.app.call('conversation-get', { id: 'conv-002' }));
      await call(b.app.call('jobs-list', undefined));
      await call(b.app.call('judge-start', { ...base, baseUrl: `${server.url}?api_key=${secret}` })); // refused, must not echo
      // 5. The CLI's output of the same workspace.
      await ws.db.run('CHECKPOINT');
      b.close();
      await judgeCommand(['runs', '--db', path, '--json']);
      await judgeCommand(['show', r1.runId, '--db', path]);
    } finally {
      process.stdout.write = outWrite;
      process.stderr.write = errWrite;
      for (const s of spies) s.mockRestore();
      b.close();
    }

    const bytes = Buffer.concat([readFileSync(path), existsSync(path + '.wal') ? readFileSync(path + '.wal') : Buffer.alloc(0)]);
    expect(bytes.indexOf(canary)).toBeGreaterThanOrEqual(0); // the byte search works: the label is in the file
    expect(bytes.indexOf(secret)).toBe(-1);
    expect(bytes.indexOf(tail)).toBe(-1);
    const text = [...captured, ...events, ...errors].join('\n');
    expect(events.length).toBeGreaterThan(5);
    expect(errors.some((e) => e.includes('not in the base URL'))).toBe(true);
    expect(text).not.toContain(tail);

    // And a SQL scan of every text column of every table, which does not depend on how DuckDB stores strings.
    const b2 = new Backend({ home: dir });
    try {
      const ws = await b2.open(path);
      const cols = await ws.db.all<{ t: string; c: string }>(
        `SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE data_type IN ('VARCHAR', 'JSON') AND table_schema = 'main'`);
      expect(cols.length).toBeGreaterThan(40);
      let hits = 0;
      for (const { t, c } of cols) hits += await ws.db.value<number>(`SELECT count(*) FROM "${t}" WHERE CAST("${c}" AS VARCHAR) LIKE ?`, [`%${tail}%`]);
      expect(hits).toBe(0);
      const labelled = await ws.db.value<number>(`SELECT count(*) FROM judge_runs WHERE label = ?`, [canary]);
      expect(labelled).toBe(1);
    } finally {
      b2.close();
    }
  });
});
