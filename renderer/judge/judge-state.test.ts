import { describe, expect, it } from 'vitest';
import {
  buildSpec, defaultForm, FormError, fmtTokens, fmtUsd, keyStatusText, loadForm, parseIds, saveForm, toSelection, type JudgeForm,
} from './judge-state.js';
import { judgeHash, parseJudgeHash } from './useJudgeView.js';

const form = (patch: Partial<JudgeForm> = {}): JudgeForm => ({ ...defaultForm, ...patch });

describe('judge form -> run spec', () => {
  it('defaults: OpenAI, temperature 0, structured outputs, the default scores template at its latest version', () => {
    const b = buildSpec(form());
    expect(b.kind).toBe('scores');
    expect(b.spec).toEqual({
      model: 'gpt-4o', baseUrl: 'https://api.openai.com/v1', mode: 'scores', prompt: { templateId: 'default-scores' },
      params: { temperature: 0 }, limits: { concurrency: 8, rpm: null, tpm: null, timeoutMs: 120_000, maxRetries: 6, maxInvalidRetries: 2 },
    });
  });

  it('blank temperature leaves it to the model; limits, batch, version and label pass through', () => {
    const b = buildSpec(form({ temperature: '', rpm: '500', tpm: '90000', timeoutS: '2.5', batch: true, version: '3', label: ' x ', responseFormat: 'json_object', mode: 'dimension', templateId: 'default-dimension' }));
    expect(b.spec).toMatchObject({
      mode: 'dimension', batch: true, label: 'x', prompt: { templateId: 'default-dimension', version: 3 },
      params: { temperature: null, responseFormat: 'json_object' }, limits: { rpm: 500, tpm: 90000, timeoutMs: 2500 },
    });
  });

  it('pairwise: swap, comparisons, seed; never batch', () => {
    const b = buildSpec(form({ mode: 'pairwise', templateId: 'default-pairwise', swap: true, comparisonsPerScenario: '40', batch: true }));
    expect(b.kind).toBe('pairwise');
    expect(b.spec).toMatchObject({ swap: true, comparisonsPerConversation: 10, comparisonsPerScenario: 40, seed: 1 });
    expect('batch' in b.spec).toBe(false);
    expect('mode' in b.spec).toBe(false);
  });

  it('says what is wrong with a field', () => {
    expect(() => buildSpec(form({ model: ' ' }))).toThrow(FormError);
    expect(() => buildSpec(form({ concurrency: '0' }))).toThrow(/Concurrency must be a whole number between 1 and 1024/);
    expect(() => buildSpec(form({ temperature: 'hot' }))).toThrow(/Temperature/);
    expect(() => buildSpec(form({ baseUrl: 'localhost:11434' }))).toThrow(/http/);
    expect(() => buildSpec(form({ selection: { ...defaultForm.selection, kind: 'ids', ids: ' , ' } }))).toThrow(/at least one conversation id/);
  });

  it('selection: all, a filter (empty = all), or ids', () => {
    const s = defaultForm.selection;
    expect(toSelection(s)).toBeUndefined();
    expect(toSelection({ ...s, kind: 'filter' })).toBeUndefined();
    expect(toSelection({ ...s, kind: 'filter', conditions: ['coach'], rounds: [2], searchText: ' job ' }))
      .toEqual({ filter: { conditions: ['coach'], rounds: [2], search: { text: 'job', mode: 'contains' } } });
    expect(toSelection({ ...s, kind: 'ids', ids: 'a, b\nc;a' })).toEqual({ conversationIds: ['a', 'b', 'c'] });
    expect(parseIds('  ')).toEqual([]);
  });
});

describe('remembered settings', () => {
  it('keep endpoint, model and limits but never a selection, a label or anything key-like', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    saveForm(form({ baseUrl: 'http://localhost:11434/v1', model: 'llama3', label: 'mine', selection: { ...defaultForm.selection, kind: 'ids', ids: 'c1' } }), storage);
    const raw = [...store.values()].join('');
    expect(raw).not.toMatch(/mine|c1|key/i);
    const back = loadForm(storage);
    expect(back.baseUrl).toBe('http://localhost:11434/v1');
    expect(back.model).toBe('llama3');
    expect(back.selection).toEqual(defaultForm.selection);
    expect(loadForm({ getItem: () => '{not json' })).toEqual(defaultForm);
  });
});

describe('display', () => {
  it('formats money, tokens and key status', () => {
    expect(fmtUsd({ amount: 1234.5, currency: 'USD', priced: true, note: '' })).toBe('$1,234.50');
    expect(fmtUsd({ amount: 0.00042, currency: 'USD', priced: true, note: '' })).toBe('$0.00042');
    expect(fmtUsd({ amount: null, currency: 'USD', priced: false, note: '' })).toBe('no price');
    expect(fmtTokens(950)).toBe('950');
    expect(fmtTokens(45_600)).toBe('45.6 k');
    expect(fmtTokens(2_345_678)).toBe('2.35 M');
    expect(keyStatusText({ available: false, source: null }).text).toBe('No key');
    expect(keyStatusText({ available: true, source: null }).text).toMatch(/local server/);
    expect(keyStatusText({ available: true, source: 'OPENAI_API_KEY' }).text).toBe('Key set — from environment (OPENAI_API_KEY)');
  });

  it('judge sub-routes round-trip through the hash', () => {
    for (const v of [{ view: 'new' }, { view: 'run', runId: 'judge-2025-x/y' }, { view: 'templates' }, { view: 'prices' }] as const) {
      expect(parseJudgeHash(judgeHash(v))).toEqual(v);
    }
    expect(parseJudgeHash('#/conversations')).toEqual({ view: 'new' });
  });
});
