import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { join } from 'node:path';
import { Backend } from '../../main/backend.js';
import { serveHttp } from '../../main/api/http.js';
import type { ApiEvents, Args, EventName, JobInfo, MethodName, Result } from '../../main/api/contract/index.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

// The whole browser-mode path: a real HTTP server on 127.0.0.1, a real DuckDB file, SSE events, every
// request carrying the launch token (the refusals without it are in http-security.test.ts).
const tmp = tempDir();
let backend: Backend;
let server: Awaited<ReturnType<typeof serveHttp>>;
const events: { event: EventName; payload: unknown }[] = [];
const sse = new AbortController();

const auth = () => ({ authorization: `Bearer ${server.token}` });

async function call<M extends MethodName>(method: M, args?: Args<M>): Promise<Result<M>> {
  const res = await fetch(server.url + 'api/' + method, {
    method: 'POST', headers: { 'content-type': 'application/json', ...auth() }, body: JSON.stringify(args ?? null),
  });
  const body = await res.json();
  if (!res.ok) throw Object.assign(new Error(body.error), { status: res.status, code: body.code });
  return body.result;
}

async function until(pred: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  backend = new Backend({ home: tmp.path });
  server = await serveHttp(backend.app, { port: 0 });
  const res = await fetch(server.url + 'api/events', { signal: sse.signal, headers: auth() });
  const reader = res.body!.getReader();
  void (async () => {
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buf += new TextDecoder().decode(value);
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const ev = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (ev && data) events.push({ event: ev as EventName, payload: JSON.parse(data) });
      }
    }
  })();
  writeTinyStudy(join(tmp.path, 'tiny'));
});

afterAll(async () => {
  sse.abort();
  await server.close();
  backend.close();
  tmp.cleanup();
});

describe('HTTP transport', () => {
  it('refuses calls before a study is open with a clear 409', async () => {
    await expect(call('study-info')).rejects.toMatchObject({ status: 409, message: 'No study is open' });
  });

  it('opens a workspace file and imports a study folder as a job with progress events', async () => {
    const info = await call('study-open', { path: join(tmp.path, 'w.duckdb') });
    expect(info.conversations).toBe(0);
    const { jobId } = await call('import-start', { path: join(tmp.path, 'tiny'), format: 'auto' });
    const job = await call('job-wait', { id: jobId });
    expect(job.state, job.error ?? '').toBe('done');
    expect((job.result as { rows: Record<string, number> }).rows).toMatchObject({ participants: 12, conversations: 36, messages: 144, scores: 216 });
    // SSE delivery is asynchronous to the job-wait reply: wait (bounded) for the final event.
    await until(() => events.some((e) => e.event === 'job-progress' && (e.payload as JobInfo).id === jobId && (e.payload as JobInfo).state === 'done'));
    const progress = events.filter((e) => e.event === 'job-progress' && (e.payload as JobInfo).id === jobId).map((e) => e.payload as JobInfo);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)!.state).toBe('done');
    const changed = events.filter((e) => e.event === 'study-changed').map((e) => e.payload as ApiEvents['study-changed']);
    expect(changed.at(-1)!.conversations).toBe(36);
  });

  it('reports the study: counts, conditions, score sets', async () => {
    const info = await call('study-info');
    expect(info).toMatchObject({ name: 'Tiny test study', simulated: false, participants: 12, conversations: 36, messages: 144 });
    expect(info.conditions).toEqual(['coach', 'combined', 'control', 'video']);
    expect(info.scoreSets).toEqual([expect.objectContaining({ id: 'tiny-judge', conversations: 36 })]);
    // Each supporter message above has one or two sentences: 2+1 for round 2's first, 2 or 1 for the second.
    expect(info.sentences).toBeGreaterThan(72);
    const overview = await call('study-overview');
    expect(overview.byCondition.map((r) => [r.key, r.participants])).toEqual([['coach', 3], ['combined', 3], ['control', 3], ['video', 3]]);
    expect(overview.missingTables.map((t) => t.table)).toContain('pairwise');
  });

  it('filters conversations by condition and round', async () => {
    const page = await call('conversations-list', { filter: { conditions: ['coach'], rounds: [2] }, limit: 50 });
    // Condition coach is i % 4 == 2: participants 2, 6, 10.
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.conversation_id)).toEqual(['c002-2', 'c006-2', 'c010-2']);
    expect(page.rows.every((r) => r.condition === 'coach' && r.round === 2 && r.messages === 4)).toBe(true);
  });

  it('sorts by a score column and filters by score range', async () => {
    const page = await call('conversations-list', {
      filter: { scoreRanges: [{ scoreSetId: 'tiny-judge', dimension: 'validating_emotions', min: 4 }] },
      scoreSetId: 'tiny-judge', sort: { key: 'score:validating_emotions', dir: 'desc' }, limit: 100,
    });
    // validating_emotions is DIMENSIONS[1]: score = 1 + ((i + r + 1) % 5) >= 4.
    let expected = 0;
    for (let i = 0; i < 12; i++) for (let r = 1; r <= 3; r++) if (1 + ((i + r + 1) % 5) >= 4) expected++;
    expect(page.total).toBe(expected);
    const values = page.rows.map((r) => r.scores.validating_emotions!);
    expect(values.every((v) => v >= 4)).toBe(true);
    expect([...values].sort((a, b) => b - a)).toEqual(values);
    for (const r of page.rows) {
      const [i, round] = r.conversation_id.slice(1).split('-').map(Number);
      const s = (k: number) => 1 + ((i + round + k) % 5);
      expect(r.overall).toBe(s(0) + s(1) + s(2) - s(3) - s(4) - s(5));
    }
  });

  it('searches message text, optionally by role, and says how (word index or scan)', async () => {
    const page = await call('conversations-list', { filter: { search: { text: 'RESUME', mode: 'contains', role: 'supporter' } }, limit: 100 });
    expect(page.total).toBe(18);
    expect(page.searchMode).toMatch(/^(index|scan)$/);
    expect(page.searchNote).toMatch(/word index/);
    const seekerOnly = await call('conversations-list', { filter: { search: { text: 'resume', mode: 'contains', role: 'seeker' } } });
    expect(seekerOnly.total).toBe(0);
    const regex = await call('conversations-list', { filter: { search: { text: 'did not exp[a-z]+t', mode: 'regex' } }, limit: 100 });
    expect(regex.total).toBe(12);
    await expect(call('conversations-list', { filter: { search: { text: '([', mode: 'regex' } } })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/not a valid regular expression: a "\[" is never closed/) });
  });

  it('returns a transcript with sentences and every score set', async () => {
    const d = await call('conversation-get', { id: 'c003-2' });
    expect(d.messages.map((m) => [m.turn, m.role])).toEqual([[0, 'seeker'], [1, 'supporter'], [2, 'seeker'], [3, 'supporter']]);
    expect(d.messages[1].sentences).toEqual(['That sounds "really" hard, friend.', 'What happened next?']);
    expect(d.messages[2].text).toBe('It was a shock.\nI did not expect it.');
    expect(d.scores).toHaveLength(6);
    expect(d.participant).toMatchObject({ participant_id: 'p003', condition: 'combined' });
    await expect(call('conversation-get', { id: 'nope' })).rejects.toMatchObject({ status: 404 });
  });

  it('exports the filtered selection as CSV', async () => {
    const out = await call('conversations-export', { filter: { conditions: ['video'] }, scoreSetId: 'tiny-judge' });
    const lines = out.csv.trim().split('\n');
    expect(out.rows).toBe(9);
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('conversation_id,participant_id,condition,round,scenario,scenario_type,messages,supporter_words,advice_giving,demonstrating_understanding,dismissing_emotions,encouraging_elaboration,self_oriented,validating_emotions,overall');
  });

  it('will not switch studies under a running job, and says which job', async () => {
    const job = backend.jobs.start('judge', async (ctx) => {
      while (!ctx.signal.aborted) await new Promise((r) => setTimeout(r, 5));
      ctx.checkCancelled();
    });
    await expect(call('study-open', { path: join(tmp.path, 'other.duckdb') })).rejects.toMatchObject({
      status: 409, code: 'busy', message: expect.stringContaining(job.id),
    });
    expect((await call('study-info')).conversations).toBe(36);
    await call('job-cancel', { id: job.id });
    expect((await call('job-wait', { id: job.id })).state).toBe('cancelled');
  });

  it('rejects unknown methods, foreign hosts and non-JSON posts', async () => {
    await expect(call('no-such' as MethodName)).rejects.toMatchObject({ status: 404 });
    const res = await fetch(server.url + 'api/study-info', { method: 'POST', headers: { 'content-type': 'text/plain', ...auth() }, body: 'null' });
    expect(res.status).toBe(415);
    const status = await new Promise<number>((ok, fail) => {
      const u = new URL(server.url);
      const r = request({ host: u.hostname, port: u.port, path: '/api/study-info', method: 'POST', headers: { host: 'evil.example:80', 'content-type': 'application/json', ...auth() } }, (res) => ok(res.statusCode!));
      r.on('error', fail);
      r.end('null');
    });
    expect(status).toBe(403);
  });
});
