// Retries are not invisible: 3 × 429 and 2 × 500 on the way to 20 answers show as exactly that on the run,
// live and after the run, and survive into a resumed session's count.
import { afterEach, describe, expect, it } from 'vitest';
import { retryKind } from '../../main/judge/engine.js';
import { FAST, harness, type Harness } from './helpers.js';
import { OpenAITestServer } from './openai-test-server.js';

let h: Harness | null = null;
let server: OpenAITestServer | null = null;
afterEach(async () => {
  h?.close();
  await server?.close();
  h = null;
  server = null;
});

describe('retries on the run page', () => {
  it('kinds of reasons, in the run page\'s words', () => {
    expect(retryKind('HTTP 429: slow down')).toBe('rate limited');
    expect(retryKind('HTTP 503: busy')).toBe('server error');
    expect(retryKind('HTTP 408')).toBe('server error');
    expect(retryKind('timeout: no answer in 2000 ms')).toBe('timeout');
    expect(retryKind('network error: ECONNRESET')).toBe('network error');
    expect(retryKind('malformed response: truncated')).toBe('malformed response');
    expect(retryKind('invalid answer: score 9 is outside 1-5')).toBe('invalid answer');
  });

  it('3 × 429 and 2 × 500 for 20 answers: counted by kind, none failed, and stored with the run', async () => {
    h = await harness(20);
    let n = 0;
    server = await OpenAITestServer.start({ behavior: () => { n++; return n <= 3 ? { kind: 'rate-limit', retryAfter: '0' } : n <= 5 ? 'server-error' : 'ok'; } });
    const { runId } = await h.svc.start({ model: 'm', baseUrl: server.url, limits: { ...FAST, concurrency: 1 } });
    const s = await h.svc.wait(runId);
    expect(s).toMatchObject({ state: 'done', answered: 20, failed: 0 });
    const detail = await h.svc.get(runId);
    expect(detail.retries).toEqual([{ reason: 'rate limited', count: 3 }, { reason: 'server error', count: 2 }]);
    const stored = await h.ws.db.value<string>('SELECT CAST(retries AS VARCHAR) FROM judge_runs WHERE run_id = ?', [runId]);
    expect(JSON.parse(stored)).toEqual({ 'rate limited': 3, 'server error': 2 });
  });
});
