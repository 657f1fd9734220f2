// Unit tests of the judge's protocol pieces: limits, Retry-After, answer validation, redaction, Elo arithmetic.

import { describe, expect, it } from 'vitest';
import { Semaphore, WindowLimiter, backoffMs } from '../../main/judge/limits.js';
import { retryAfterMs } from '../../main/judge/http-client.js';
import { InvalidAnswer, MalformedResponse, parseAnswer, readCompletion } from '../../main/judge/parse.js';
import { Redactor, isLocalBaseUrl } from '../../main/judge/keys.js';
import { checkBaseUrl } from '../../main/judge/store.js';
import { choosePair, eloRatings, eloStep, mulberry32, pairTargets } from '../../main/judge/pairwise.js';
import { cost, priceFor, DEFAULT_PRICES } from '../../main/judge/prices.js';
import { buildRequest, resolveParams } from '../../main/judge/requests.js';
import { renderTemplate } from '../../main/judge/rubric.js';
import { DIMENSIONS } from '../../main/domain/study.js';

const six = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ ...Object.fromEntries(DIMENSIONS.map((d) => [d, { evidence: 'q', rationale: 'r', score: 3 }])), ...over });

describe('limits (protocol handling units)', () => {
  it('semaphore never lets more than its size through and serves waiters in order', async () => {
    const s = new Semaphore(2);
    const order: number[] = [];
    await s.acquire();
    await s.acquire();
    const waits = [1, 2, 3].map((i) => s.acquire().then(() => order.push(i)));
    expect(s.inUse).toBe(2);
    s.release();
    s.release();
    await new Promise((r) => setTimeout(r, 0));
    expect(order).toEqual([1, 2]);
    s.release();
    await Promise.all(waits);
    expect(order).toEqual([1, 2, 3]);
  });

  it('window limiter waits until the window has room, and corrections count', async () => {
    let now = 0;
    const w = new WindowLimiter(10, 1000, () => now);
    const a = await w.acquire(6);
    await w.acquire(4);
    expect(w.used()).toBe(10);
    let got = false;
    const p = w.acquire(3).then(() => (got = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(got).toBe(false);
    a.adjust(2); // the first call used fewer tokens than estimated: 2 + 4 + 3 fits
    now = 1; // the limiter re-checks after its sleep
    await p;
    expect(w.used()).toBe(9);
    now = 1000; // the first two entries (t = 0) leave the window
    expect(w.used()).toBe(3);
  });

  it('an amount larger than the whole window passes once the window is empty', async () => {
    const w = new WindowLimiter(5, 1000, () => 0);
    await w.acquire(50);
    expect(w.used()).toBe(50);
  });

  it('backoff doubles per attempt with jitter and is capped', () => {
    const o = { baseMs: 100, maxMs: 1000 };
    expect(backoffMs(1, { ...o, random: () => 0 })).toBe(50);
    expect(backoffMs(1, { ...o, random: () => 0.999 })).toBeLessThanOrEqual(100);
    expect(backoffMs(3, { ...o, random: () => 1 })).toBe(400);
    expect(backoffMs(10, { ...o, random: () => 1 })).toBe(1000);
  });

  it('Retry-After: seconds, HTTP date, retry-after-ms, absent', () => {
    expect(retryAfterMs({ 'retry-after': '2' })).toBe(2000);
    expect(retryAfterMs({ 'retry-after': '0.5' })).toBe(500);
    expect(retryAfterMs({ 'retry-after-ms': '1500', 'retry-after': '9' })).toBe(1500);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs({ 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }, now)).toBe(3000);
    expect(retryAfterMs({})).toBeNull();
    expect(retryAfterMs({ 'retry-after': 'soon' })).toBeNull();
  });
});

describe('answer validation (protocol handling units)', () => {
  const body = (content: string, finish = 'stop') => JSON.stringify({ choices: [{ message: { content }, finish_reason: finish }], usage: { prompt_tokens: 10, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 4 } } });

  it('reads content and usage from a chat completion', () => {
    const c = readCompletion(body('{}'));
    expect(c.usage).toEqual({ inputTokens: 10, outputTokens: 5, cachedTokens: 4 });
    expect(() => readCompletion('{"choi')).toThrow(MalformedResponse);
    expect(() => readCompletion('<html>')).toThrow(MalformedResponse);
  });

  it('accepts six integer scores 1-5 and keeps rationale and evidence', () => {
    const a = parseAnswer('scores', six(), 'stop');
    expect(a.kind === 'scores' && Object.keys(a.scores)).toEqual([...DIMENSIONS]);
    expect(a.kind === 'scores' && a.scores.advice_giving).toEqual({ score: 3, rationale: 'r', evidence: 'q' });
    expect(parseAnswer('scores', '```json\n' + six() + '\n```', 'stop').kind).toBe('scores');
  });

  it('rejects out-of-range, non-integer and missing scores, invalid and truncated JSON with precise reasons', () => {
    const reason = (f: () => unknown) => {
      try { f(); } catch (e) { expect(e).toBeInstanceOf(InvalidAnswer); return (e as Error).message; }
      throw new Error('accepted');
    };
    expect(reason(() => parseAnswer('scores', six({ self_oriented: { score: 0 } }), 'stop'))).toBe('self_oriented: score 0 outside 1-5');
    expect(reason(() => parseAnswer('scores', six({ self_oriented: { score: 2.5 } }), 'stop'))).toBe('self_oriented: score 2.5 outside 1-5');
    expect(reason(() => parseAnswer('scores', six({ self_oriented: { rationale: 'x' } }), 'stop'))).toBe('self_oriented: score missing or not a number');
    expect(reason(() => parseAnswer('scores', JSON.stringify({ encouraging_elaboration: { score: 1 } }), 'stop'))).toMatch(/^missing dimensions: validating_emotions, /);
    expect(reason(() => parseAnswer('scores', six().slice(0, 40), 'length'))).toMatch(/^truncated JSON/);
    expect(reason(() => parseAnswer('scores', 'not json', 'stop'))).toMatch(/^invalid JSON in answer/);
    expect(reason(() => parseAnswer('scores', '', 'stop'))).toBe('empty answer');
  });

  it('pairwise: "A"/"B" as JSON or plain text; anything else is invalid', () => {
    expect(parseAnswer('pairwise', '{"choice":"B"}', 'stop')).toEqual({ kind: 'pairwise', choice: 'b' });
    expect(parseAnswer('pairwise', 'A', 'stop')).toEqual({ kind: 'pairwise', choice: 'a' });
    expect(parseAnswer('pairwise', '"B".', 'stop')).toEqual({ kind: 'pairwise', choice: 'b' });
    expect(() => parseAnswer('pairwise', 'Both', 'stop')).toThrow(InvalidAnswer);
  });

  it('per-dimension answers need their one score', () => {
    expect(parseAnswer('dimension', '{"evidence":"","rationale":"r","score":5}', 'stop', 'validating_emotions')).toEqual({
      kind: 'scores', scores: { validating_emotions: { score: 5, rationale: 'r', evidence: null } },
    });
    expect(() => parseAnswer('dimension', '{"rationale":"r"}', 'stop', 'validating_emotions')).toThrow(/missing dimension: validating_emotions/);
  });
});

describe('secrets and endpoints (protocol handling units)', () => {
  it('redacts the key and anything shaped like an OpenAI key', () => {
    const r = new Redactor('my-custom-secret-123');
    expect(r.redact('x my-custom-secret-123 y my-custom-secret-123')).toBe('x [redacted] y [redacted]');
    expect(r.redact('Incorrect API key provided: sk-proj-abcdefghijklmnop1234.')).toBe('Incorrect API key provided: [redacted].');
    expect(r.leaks('…my-custom-secret-123…')).toBe(true);
  });

  it('refuses credentials in base URLs; knows local servers', () => {
    expect(checkBaseUrl('http://localhost:11434/v1/')).toBe('http://localhost:11434/v1');
    expect(() => checkBaseUrl('https://user:pw@example.com/v1')).toThrow(/not in the base URL/);
    expect(() => checkBaseUrl('https://example.com/v1?api-key=abc')).toThrow(/not in the base URL/);
    expect(() => checkBaseUrl('ftp://example.com')).toThrow(/http/);
    expect(isLocalBaseUrl('http://127.0.0.1:8000/v1')).toBe(true);
    expect(isLocalBaseUrl('https://api.openai.com/v1')).toBe(false);
  });
});

describe('requests, prices and Elo arithmetic (units)', () => {
  it('equal inputs give byte-equal bodies and cache keys; any parameter change gives another key', () => {
    const template = { templateId: 't', version: 1, kind: 'scores' as const, name: 't', system: 'S', user: 'C: {{conversation}}', note: null, hash: 'h', builtin: false, createdAt: '', placeholders: [] };
    const shape = { kind: 'scores' as const, model: 'm', template, params: resolveParams('scores'), maxTokensField: 'max_tokens' as const };
    const a = buildRequest(shape, { conversation: 'x' });
    expect(buildRequest(shape, { conversation: 'x' })).toEqual(a);
    expect(buildRequest(shape, { conversation: 'y' }).cacheKey).not.toBe(a.cacheKey);
    expect(buildRequest({ ...shape, model: 'n' }, { conversation: 'x' }).cacheKey).not.toBe(a.cacheKey);
    expect(buildRequest({ ...shape, params: resolveParams('scores', { seed: 1 }) }, { conversation: 'x' }).cacheKey).not.toBe(a.cacheKey);
    expect(JSON.parse(a.body)).toMatchObject({ model: 'm', temperature: 0, max_tokens: 1200, messages: [{ role: 'system', content: 'S' }, { role: 'user', content: 'C: x' }] });
    expect(renderTemplate('{{ conversation }} {{unknown}}', { conversation: 'c' })).toBe('c {{unknown}}');
  });

  it('prices: longest prefix wins; batch discount; unknown model has no price', () => {
    expect(priceFor(DEFAULT_PRICES, 'gpt-4o-mini-2024-07-18')!.model).toBe('gpt-4o-mini');
    expect(priceFor(DEFAULT_PRICES, 'gpt-4o-2024-08-06')!.model).toBe('gpt-4o');
    expect(priceFor(DEFAULT_PRICES, 'llama3.1:8b')).toBeNull();
    const p = { model: 'x', inputPerMTok: 2, outputPerMTok: 10, cachedInputPerMTok: 1, batchDiscount: 0.5, note: null };
    expect(cost(p, { inputTokens: 1_000_000, outputTokens: 100_000, cachedTokens: 500_000 }, false).amount).toBeCloseTo(1 + 0.5 + 1, 10);
    expect(cost(p, { inputTokens: 1_000_000, outputTokens: 0 }, true).amount).toBeCloseTo(1, 10);
    expect(cost(null, { inputTokens: 1, outputTokens: 1 }, false)).toMatchObject({ amount: null, priced: false });
  });

  it('Elo: start 1000, K 32, applied in order (methods §7)', () => {
    expect(eloStep(1000, 1000, 1)).toEqual([1016, 984]);
    const r = eloRatings([{ a: 'x', b: 'y', choice: 'a' }, { a: 'y', b: 'z', choice: 'a' }, { a: 'x', b: 'z', choice: 'b' }]);
    // by hand: x 1016, y 984; y vs z(1000): E_y = 1/(1+10^(16/400)); y += 32(1-E_y)
    const ey = 1 / (1 + 10 ** ((1000 - 984) / 400));
    const y2 = 984 + 32 * (1 - ey);
    const z2 = 1000 - 32 * (1 - ey);
    const ex = 1 / (1 + 10 ** ((z2 - 1016) / 400));
    expect(r.get('y')!.rating).toBeCloseTo(y2, 10);
    expect(r.get('x')!.rating).toBeCloseTo(1016 - 32 * ex, 10);
    expect(r.get('z')!.rating).toBeCloseTo(z2 + 32 * ex, 10);
    expect(r.get('x')).toMatchObject({ comparisons: 2, wins: 1 });
  });

  it('adaptive pairing: least-compared first, closest rating among those not yet met', () => {
    const ratings: Record<string, number> = { a: 1000, b: 1100, c: 1010, d: 900 };
    const planned: Record<string, number> = { a: 0, b: 1, c: 1, d: 1 };
    const [x, y] = choosePair(['a', 'b', 'c', 'd'], (i) => ratings[i], (i) => planned[i], () => false, mulberry32(1));
    expect([x, y].sort()).toEqual(['a', 'c']);
    const [p, q] = choosePair(['a', 'b', 'c', 'd'], (i) => ratings[i], (i) => planned[i], (m, n) => [m, n].sort().join() === 'a,c', mulberry32(1));
    // a has met c: b and d are equally close (100) and equally compared, so either may be chosen.
    expect([p, q]).toContain('a');
    expect(['b', 'd']).toContain(p === 'a' ? q : p);
    expect(pairTargets({ s: ['1', '2', '3', '4'], t: ['9'] }, undefined, 10)).toEqual({ s: 20, t: 0 });
  });
});
