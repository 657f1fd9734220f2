// The two attacks of the security review, replayed against a real Backend with a real DuckDB file,
// through the HTTP transport (with its token) and through App.call, which the Electron IPC channel and
// the CLI dispatch through.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../main/backend.js';
import { serveHttp, type HttpServer } from '../../main/api/http.js';
import { setInternalErrorLog } from '../../main/api/errors.js';
import { buildConversationQuery } from '../../main/explorer/conversation-query.js';
import { envKeyProvider, memoryKeyStore } from '../../main/judge/keys.js';
import { OpenAITestServer } from '../judge/openai-test-server.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-attacks-');
const SECRET_FILE = join(tmp.path, 'secret.txt');
const SECRET_TEXT = 'the-contents-of-a-private-file-7f3a';
const USER_KEY = 'sk-users-real-openai-key-0123456789abcdef';
let backend: Backend;
let http: HttpServer;
let attacker: OpenAITestServer;
let conversations = 0;
const logged: string[] = [];

async function post(method: string, args: unknown): Promise<{ status: number; body: { result?: unknown; error?: string; code?: string } }> {
  const res = await fetch(http.url + 'api/' + method, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${http.token}` },
    body: JSON.stringify(args),
  });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  writeFileSync(SECRET_FILE, SECRET_TEXT);
  setInternalErrorLog((line) => logged.push(line));
  // The user's key, for OpenAI only, as OPENAI_API_KEY gives it.
  backend = new Backend({ home: join(tmp.path, 'home'), envKeys: envKeyProvider({ OPENAI_API_KEY: USER_KEY }), keyStore: memoryKeyStore() });
  await backend.open(join(tmp.path, 'study.duckdb'));
  const { dir, conversations: n } = writeTinyStudy(join(tmp.path, 'tiny'), 6);
  conversations = n;
  const { jobId } = await backend.app.call('import-start', { path: dir, format: 'study' });
  expect((await backend.app.call('job-wait', { id: jobId })).state).toBe('done');
  http = await serveHttp(backend.app, { port: 0 });
  attacker = await OpenAITestServer.start();
});

afterAll(async () => {
  setInternalErrorLog((line) => process.stderr.write(line + '\n'));
  await http?.close();
  await attacker?.close();
  backend?.close();
  tmp.cleanup();
});

describe('SQL injection through the explorer', () => {
  const injected = "seeker_text,'x') OR true OR contains(s.seeker";
  const reading = `seeker_text, (SELECT content FROM read_text('${SECRET_FILE}'))) OR contains(s.seeker`;

  it('over HTTP: a role outside the allow-list is a 400 naming the field, not every conversation', async () => {
    const r = await post('conversations-list', { filter: { search: { text: 'zzz', mode: 'contains', role: injected } } });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('invalid-args');
    expect(r.body.error).toMatch(/filter\.search\.role/);
    expect(r.body.result).toBeUndefined();
    // The same search with a real role finds nothing: "zzz" is in no message.
    const honest = await post('conversations-list', { filter: { search: { text: 'zzz', mode: 'contains', role: 'seeker' } } });
    expect(honest.status).toBe(200);
    expect((honest.body.result as { total: number }).total).toBe(0);
    expect(conversations).toBeGreaterThan(0);
  });

  it('over HTTP: a role that would read a file gets no file contents back, in any answer', async () => {
    for (const mode of ['contains', 'regex']) {
      const r = await post('conversations-list', { filter: { search: { text: 'x', mode, role: reading } } });
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body)).not.toContain(SECRET_TEXT);
      expect(JSON.stringify(r.body)).not.toContain('read_text');
    }
  });

  it('through App.call (the IPC and CLI path): the same refusal before any SQL runs', async () => {
    await expect(backend.app.call('conversations-list', { filter: { search: { text: 'zzz', mode: 'contains', role: injected as 'seeker' } } }))
      .rejects.toMatchObject({ code: 'invalid-args' });
  });

  it('sort keys come from the allow-list only: inherited names such as toString are refused', async () => {
    for (const key of ['toString', '__proto__', 'constructor', 'f.conversation_id; DROP TABLE messages']) {
      const r = await post('conversations-list', { filter: {}, sort: { key, dir: 'asc' } });
      expect(r.status, key).toBe(400);
      expect(r.body.error).toMatch(/sort\.key/);
    }
    // score:<dimension> keys that are not the score set's dimensions fall back to the id order, never into SQL.
    const r = await post('conversations-list', { filter: {}, scoreSetId: null, sort: { key: "score:x\") FROM messages --", dir: 'desc' }, limit: 3 });
    expect(r.status).toBe(200);
    expect((await backend.app.call('conversations-list', { filter: {} })).total).toBe(conversations);
  });

  it('the query builder itself refuses a role outside the allow-list (in-process callers skip the schema)', () => {
    expect(() => buildConversationQuery({ filter: { search: { text: 'a', mode: 'contains', role: injected as 'seeker' } } }, [], {}))
      .toThrow(/filter\.search\.role must be one of: seeker, supporter/);
    const built = buildConversationQuery({ filter: {}, sort: { key: 'toString' as 'round', dir: 'asc' } }, [], {});
    expect(built.sql).toMatch(/ORDER BY f\.conversation_id ASC/);
  });
});

describe('the API key goes only to the origin it was given for', () => {
  const spec = (baseUrl: string) => ({ model: 'steal', baseUrl, selection: { conversationIds: ['c000-1'] }, limits: { concurrency: 1, maxRetries: 0, timeoutMs: 2000 } });

  it("a run started over HTTP against a local process's server gets no key, only the placeholder", async () => {
    attacker.reset();
    const r = await post('judge-start', spec(attacker.url));
    expect(r.status).toBe(200);
    const { runId } = r.body.result as { runId: string };
    await backend.judge.wait(runId);
    const seen = attacker.requests.map((q) => q.authorization);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((a) => a === 'Bearer no-key')).toBe(true);
    expect(JSON.stringify(attacker.requests)).not.toContain(USER_KEY);
  });

  it('a run to a remote origin without a key of its own is refused before any request, naming that origin', async () => {
    const r = await post('judge-start', spec('https://collector.example.net/v1'));
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('needs-key');
    expect(r.body.error).toContain('https://collector.example.net');
    expect(JSON.stringify(r.body)).not.toContain(USER_KEY);
  });

  it('OPENAI_API_KEY belongs to OPENAI_BASE_URL; a key typed for one origin is not used for another', async () => {
    expect(await backend.keys.getKey('https://api.openai.com/v1')).toBe(USER_KEY);
    expect(await backend.keys.getKey('https://api.openai.com.evil.example/v1')).toBeNull();
    expect(await backend.keys.getKey('http://api.openai.com/v1')).toBeNull(); // not the same origin: plain http
    const moved = envKeyProvider({ OPENAI_API_KEY: USER_KEY, OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' });
    expect(await moved.getKey('http://127.0.0.1:8000/v2')).toBe(USER_KEY);
    expect(await moved.getKey('https://api.openai.com/v1')).toBeNull();

    const status = await post('judge-key-set', { key: 'sk-typed-for-the-attacker-00000000', baseUrl: 'http://127.0.0.1:9/v1' });
    expect(status.status).toBe(200);
    expect(status.body.result).toMatchObject({ origin: 'http://127.0.0.1:9', available: true, storedOrigins: ['http://127.0.0.1:9'] });
    expect(JSON.stringify(status.body)).not.toContain('sk-typed');
    attacker.reset();
    const { runId } = (await post('judge-start', spec(attacker.url))).body.result as { runId: string };
    await backend.judge.wait(runId);
    expect(attacker.requests.every((q) => q.authorization === 'Bearer no-key')).toBe(true);
  });

  it('the CLI binds OPENAI_API_KEY to a --base-url the user typed: that is the user choosing', async () => {
    const chosen = envKeyProvider({ OPENAI_API_KEY: USER_KEY }, [attacker.url]);
    expect(await chosen.getKey(attacker.url)).toBe(USER_KEY);
    expect(await chosen.getKey('http://127.0.0.1:1/v1')).toBeNull();
  });
});

describe('errors never echo SQL or paths', () => {
  it('an internal failure answers 500 with a reference; the detail goes to the log only', async () => {
    backend.close();
    try {
      await backend.open(join(tmp.path, 'study.duckdb'));
      // The explorer reads conversation_stats once its page table (explorer_docs) is not the workspace's.
      await backend.workspace.db.run('DELETE FROM explorer_docs_state');
      await backend.workspace.db.run('DROP TABLE conversation_stats');
      const r = await post('conversations-list', { filter: {} });
      expect(r.status).toBe(500);
      expect(r.body.code).toBe('internal');
      expect(r.body.error).toMatch(/^Internal error \(reference [0-9a-f]{8}\)/);
      expect(r.body.error).not.toMatch(/conversation_stats|SELECT|duckdb|\//i);
      const ref = /reference ([0-9a-f]{8})/.exec(r.body.error!)![1];
      expect(logged.some((l) => l.includes(ref) && /conversation_stats/i.test(l))).toBe(true);
    } finally {
      backend.close();
    }
  });
});
