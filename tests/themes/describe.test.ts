// Theme descriptions against a local OpenAI-compatible server with scripted answers, on a theme model written into a
// real DuckDB file: what is stored, the cache, fidelity counts, best-of-3, human edits, keys.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OpenAITestServer } from '../judge/openai-test-server.js';
import { UserError } from '../../main/domain/errors.js';
import { boundKeyProvider } from '../../main/judge/keys.js';
import {
  FAST, KEY, MODEL_ID, harness, isDescribeRequest, isLabelRequest, parseLabelPrompt, scriptedAnswers, scriptedLabel, type Harness,
} from './describe-fixture.js';

let server: OpenAITestServer;
let h: Harness;

beforeAll(async () => {
  server = await OpenAITestServer.start();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => h?.close());

async function run(spec: Record<string, unknown>) {
  const { jobId } = await h.svc.start({ modelId: MODEL_ID, baseUrl: server.url, llm: 'desc-model', limits: FAST, ...spec });
  const info = await h.jobs.wait(jobId);
  if (info.state !== 'done') throw new Error(`job ${info.state}: ${info.error}`);
  return info.result as { described: number; skipped: number; failed: unknown[]; requests: number; cacheHits: number };
}

describe('themes describe', () => {
  it('describes every latent that fires, recording model, temperature, prompt hash and the shown sentences', async () => {
    h = await harness();
    server.reset({ answer: scriptedAnswers(false) });
    const r = await run({ temperature: 0.4 });
    expect(r).toMatchObject({ described: 4, skipped: 0, failed: [] });
    const chats = server.chat();
    expect(chats).toHaveLength(4);
    expect(chats.every((c) => c.body.model === 'desc-model' && c.body.temperature === 0.4 && c.authorization === `Bearer ${KEY}`)).toBe(true);
    const list = await h.svc.list(MODEL_ID);
    expect(list.map((d) => d.latent)).toEqual([0, 1, 2, 3]); // 4 and 5 never fire
    for (const d of list) {
      expect(d).toMatchObject({ source: 'llm', llmModel: 'desc-model', temperature: 0.4, baseUrlHost: new URL(server.url).host, fidelity: null, precision: null });
      expect(d.promptHash).toMatch(/^[0-9a-f]{16}$/);
      expect(d.description).toBe(`mentions the word ${['feeling', 'resume', 'sorry', 'tell'][d.latent]}`);
      expect(d.shown).toHaveLength(20);
      // Shown positives are the latent's top activations: every one fires for it.
      const byKey = new Map(h.units.map((u) => [u.key, u]));
      const pos = d.shown.slice(0, 10).map((k) => byKey.get(k)!);
      expect(pos.every((u) => u.latents.includes(d.latent))).toBe(true);
      expect(d.shown.slice(10).every((k) => !byKey.get(k)!.latents.includes(d.latent))).toBe(true);
      const top = h.units.filter((u) => u.latents.includes(d.latent)).map((u) => u.activations[u.latents.indexOf(d.latent)]).sort((a, b) => b - a);
      expect(pos.map((u) => u.activations[u.latents.indexOf(d.latent)]).sort((a, b) => b - a)).toEqual(top.slice(0, 10));
    }
    // The prompt carries the shown sentences' texts.
    const first = chats.find((c) => c.conversation!.includes(h.units.find((u) => u.key === list[0].shown[0])!.text));
    expect(first).toBeDefined();
  });

  it('a rerun with the same settings sends nothing; after the rows are gone the cache answers every call', async () => {
    h = await harness();
    server.reset({ answer: scriptedAnswers(false) });
    await run({ fidelity: true, fidelityPositives: 20, fidelityNegatives: 20 });
    const first = await h.svc.list(MODEL_ID);
    const sent = server.chat().length;
    expect(sent).toBe(4 + 4 * 40);

    server.reset({ answer: scriptedAnswers(false) });
    const again = await run({ fidelity: true, fidelityPositives: 20, fidelityNegatives: 20 });
    expect(again).toMatchObject({ described: 0, skipped: 4, requests: 0 });
    expect(server.chat()).toHaveLength(0);

    await h.ws.db.run(`DELETE FROM theme_descriptions`);
    const est = await h.svc.estimate({ modelId: MODEL_ID, baseUrl: server.url, llm: 'desc-model', fidelity: true, fidelityPositives: 20, fidelityNegatives: 20 });
    expect(est).toMatchObject({ latents: 4, descriptionCalls: 4, labelCalls: 160, calls: 164, cacheHits: 4 });
    const cached = await run({ fidelity: true, fidelityPositives: 20, fidelityNegatives: 20 });
    expect(cached).toMatchObject({ described: 4, requests: 0, cacheHits: 164 });
    expect(server.chat()).toHaveLength(0);
    const second = await h.svc.list(MODEL_ID);
    expect(second.map((d) => [d.description, d.f1])).toEqual(first.map((d) => [d.description, d.f1]));
  });

  it('fidelity: precision, recall and F1 of the Yes answers on held-out sentences, none of them shown', async () => {
    h = await harness();
    server.reset({ answer: scriptedAnswers(false) });
    await run({ fidelity: true });
    const byText = new Map(h.units.map((u) => [u.text, u]));
    const list = await h.svc.list(MODEL_ID);
    const labels = server.chat().filter(isLabelRequest);
    expect(labels).toHaveLength(4 * 100);
    for (const d of list) {
      const mine = labels.map((r) => parseLabelPrompt(r.conversation!)).filter((p) => p.property === d.description);
      expect(mine).toHaveLength(100);
      const units = mine.map((p) => byText.get(p.text)!);
      const shown = new Set(d.shown);
      expect(units.some((u) => shown.has(u.key))).toBe(false);
      expect(new Set(units.map((u) => u.key)).size).toBe(100);
      let tp = 0, fp = 0, fn = 0, tn = 0;
      mine.forEach((p, i) => {
        const fires = units[i].latents.includes(d.latent);
        const yes = scriptedLabel(p.property, p.text);
        if (yes && fires) tp++; else if (yes) fp++; else if (fires) fn++; else tn++;
      });
      expect(tp + fn).toBe(50);
      expect(fp + tn).toBe(50);
      const precision = tp / (tp + fp);
      const recall = tp / (tp + fn);
      expect(d.fidelity).toEqual({ tp, fp, fn, tn, unreadable: 0, precision, recall, f1: (2 * precision * recall) / (precision + recall) });
      expect(d.precision).toBe(precision);
      expect(d.recall).toBe(recall);
      // The fixture's labels are imperfect on purpose: neither 0 nor 1.
      expect(d.f1!).toBeGreaterThan(0.3);
      expect(d.f1!).toBeLessThan(1);
    }
  });

  it('best of 3 candidates keeps the highest F1 and stores all three', async () => {
    h = await harness();
    server.reset({ answer: scriptedAnswers(true) });
    await run({ fidelity: true, candidates: 3, fidelityPositives: 30, fidelityNegatives: 30 });
    expect(server.chat().filter(isDescribeRequest)).toHaveLength(12);
    const list = await h.svc.list(MODEL_ID);
    let distinct = 0;
    for (const d of list) {
      expect(d.candidates).toHaveLength(3);
      const f1s = d.candidates.map((c) => c.fidelity!.f1);
      if (new Set(f1s).size > 1) distinct++;
      const best = d.candidates.findIndex((c) => c.fidelity!.f1 === Math.max(...f1s));
      expect(d.description).toBe(d.candidates[best].description);
      expect(d.f1).toBe(Math.max(...f1s));
    }
    expect(distinct).toBeGreaterThan(0); // otherwise the choice would not have been tested
  });

  it('a human description survives every later run', async () => {
    h = await harness();
    server.reset({ answer: scriptedAnswers(false) });
    await run({});
    const set = await h.svc.setDescription(MODEL_ID, 2, '  Says sorry for what happened  ');
    expect(set).toMatchObject({ latent: 2, source: 'human', description: 'Says sorry for what happened', llmModel: null });
    server.reset({ answer: scriptedAnswers(false) });
    const r = await run({ seed: 7, fidelity: true, fidelityPositives: 10, fidelityNegatives: 10 }); // new settings: the others are redone
    expect(r).toMatchObject({ described: 3, skipped: 1 });
    const d = (await h.svc.list(MODEL_ID)).find((x) => x.latent === 2)!;
    expect(d).toMatchObject({ source: 'human', description: 'Says sorry for what happened', f1: null });
    expect(server.chat().filter(isDescribeRequest).some((c) => c.conversation!.includes('sorry'))).toBe(true); // others still mention it
    // Asking for that latent alone changes nothing either.
    const only = await run({ seed: 8, latents: [2] });
    expect(only).toMatchObject({ described: 0, skipped: 1, requests: 0 });
    // An empty edit hands the latent back to the LLM.
    expect(await h.svc.setDescription(MODEL_ID, 2, '')).toBeNull();
    expect(await run({ seed: 8, latents: [2] })).toMatchObject({ described: 1 });
    await expect(h.svc.setDescription(MODEL_ID, 6, 'x')).rejects.toThrow(/out of range/);
    await expect(h.svc.setDescription('nope', 0, 'x')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('the key is sent only as a header and never stored', async () => {
    h = await harness();
    server.reset({ answer: (r) => (isLabelRequest(r) && r.n % 5 === 0 ? `Yes, and by the way ${KEY}` : scriptedAnswers(false)(r)) });
    await run({ fidelity: true, fidelityPositives: 10, fidelityNegatives: 10 });
    expect(server.chat().every((c) => c.authorization === `Bearer ${KEY}`)).toBe(true);
    h.ws.close();
    expect(readFileSync(h.path).includes(KEY)).toBe(false);
    const wal = `${h.path}.wal`;
    try { expect(readFileSync(wal).includes(KEY)).toBe(false); } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; }
  });

  it('a remote origin without a key is refused before anything is sent, naming the origin', async () => {
    h = await harness(240, boundKeyProvider(KEY, ['https://api.openai.com/v1']));
    server.reset();
    const err = await h.svc.start({ modelId: MODEL_ID, baseUrl: 'https://llm.example.org/v1' }).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err).toMatchObject({ code: 'needs-key' });
    expect(err.message).toContain('https://llm.example.org');
    expect(h.jobs.list()).toHaveLength(0);
  });

  it('a rejected key stops the run with the key redacted; a cancelled run resumes from the cache', async () => {
    h = await harness();
    server.reset({ behavior: () => 'unauthorized-echo' });
    const { jobId } = await h.svc.start({ modelId: MODEL_ID, baseUrl: server.url, limits: FAST });
    const failed = await h.jobs.wait(jobId);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/rejected the API key/);
    expect(failed.error).not.toContain(KEY);

    server.reset({ answer: scriptedAnswers(false), latencyMs: 30 });
    const started = await h.svc.start({ modelId: MODEL_ID, baseUrl: server.url, llm: 'desc-model', fidelity: true, limits: { ...FAST, concurrency: 2 } });
    await expect(h.svc.start({ modelId: MODEL_ID, baseUrl: server.url })).rejects.toMatchObject({ code: 'busy' });
    while (server.chat().filter((c) => c.status === 200).length < 30) await new Promise((r) => setTimeout(r, 10));
    h.jobs.cancel(started.jobId);
    expect((await h.jobs.wait(started.jobId)).state).toBe('cancelled');
    const answered = server.chat().filter((c) => c.status === 200).length;
    server.reset({ answer: scriptedAnswers(false) });
    const r = await run({ fidelity: true });
    expect(r.described + r.skipped).toBe(4);
    expect(r.cacheHits).toBeGreaterThanOrEqual(answered - 2); // the (at most 2) answers in flight at the cancel may be lost
    expect(r.requests + r.cacheHits).toBe((4 - r.skipped) * 101);
    expect(server.chat()).toHaveLength(r.requests);
  });
});
