// Codes on the map through a real Backend on the tiny study (real DuckDB file): a codebook with sentence and theme
// assignments by two coders, each point's code under a coder's scope and the study's, a selection's counts by code,
// "code these" (the assignments land as one coding event, undo takes them back), and the explorer's score ranges
// as the map's visible mask, each checked against expectations built here from the assignments and SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeNode, MapCodeCategory, MapPoints } from '../../main/api/contract/index.js';
import { SEVERAL_CODES } from '../../main/api/contract/index.js';
import { themesBackend } from '../themes/helpers.js';

let h: Awaited<ReturnType<typeof themesBackend>>;
let projectionId: string;
let modelId: string;
let base: MapPoints;
let codes: CodeNode[];
const call = ((...a: Parameters<typeof h.b.app.call>) => h.b.app.call(...a)) as typeof h.b.app.call;
const code = (path: string) => codes.find((c) => c.path === path)!;
const A = 'Affective/Validating emotions', B = 'Cognitive', C = 'Motivational';
const units = (indices: number[]) => indices.map((i) => ({
  grain: 'sentence' as const, conversationId: base.conversations[base.conversation[i]], turn: base.turn[i], sentenceIndex: base.sentenceIndex[i],
}));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);
/** Each point's code path (SEVERAL_CODES for more than one, null for none), decoded. */
const decode = (c: MapCodeCategory) => c.codes.map((k) => (k < 0 ? null : c.values[k] === SEVERAL_CODES ? SEVERAL_CODES : c.labels[k]));
/** Each point's code path from per-point sets of paths built in the test. */
const expected = (sets: Set<string>[]) => sets.map((s) => (s.size === 0 ? null : s.size > 1 ? SEVERAL_CODES : [...s][0]));

let themeZero: Set<number>;
beforeAll(async () => {
  h = await themesBackend('workbench-map-codes-', 24);
  const started = await call('map-project', { embeddingSetId: h.embeddingSetId, epochs: 30, seed: 3 });
  expect((await h.b.jobs.wait(started.jobId)).state).toBe('done');
  projectionId = started.projectionId;
  const grid = await call('themes-train', { embeddingSetId: h.embeddingSetId, latents: [4], k: 2, seed: 1, scenarioTypes: ['all'], maxEpochs: 2 });
  expect((await h.b.jobs.wait(grid.jobId)).state).toBe('done');
  modelId = grid.modelIds[0];
  base = await call('map-points', { projectionId, themeModelId: modelId });
  expect(base.n).toBeGreaterThan(40);
  codes = (await call('coding-codebook-start', { coder: 'ann', template: 'lend-an-ear' })).codes;
  // ann: A on points 0-4 by sentence, C on theme 0 (its top-1 sentences); bob: B on points 3-8.
  await call('coding-assign-many', { coder: 'ann', codeId: code(A).codeId, units: units(range(0, 5)) });
  await call('coding-assign', { coder: 'ann', codeId: code(C).codeId, unit: { grain: 'theme', modelId, latent: 0 } });
  await call('coding-assign-many', { coder: 'bob', codeId: code(B).codeId, units: units(range(3, 9)) });
  const zero = base.attributes.theme!.values.indexOf('L0');
  themeZero = new Set(range(0, base.n).filter((i) => base.attributes.theme!.codes[i] === zero));
  expect(themeZero.size).toBeGreaterThan(0);
}, 240_000);
afterAll(() => h?.close());

/** ann's effective paths per point: her sentence codes replace her theme code on those sentences. */
function annSets(): Set<string>[] {
  return range(0, base.n).map((i) => new Set(i < 5 ? [A] : themeZero.has(i) ? [C] : []));
}
const bobSets = () => range(0, base.n).map((i) => new Set(i >= 3 && i < 9 ? [B] : []));

describe('colour by code', () => {
  it("gives each point its coder's code, with the codebook's codes, paths and colours as the legend", async () => {
    const p = await call('map-points', { projectionId, codes: { coder: 'ann' } });
    const c = p.attributes.code!;
    expect(c.values).toEqual(codes.map((x) => x.codeId));
    expect(c.labels).toEqual(codes.map((x) => x.path));
    expect(c.colors).toEqual(codes.map((x) => x.color));
    expect(decode(c)).toEqual(expected(annSets()));
    expect(decode((await call('map-points', { projectionId, codes: { coder: 'bob' } })).attributes.code!)).toEqual(expected(bobSets()));
  });

  it('answers the codes alone (the recolour after coding) exactly as map-points carries them', async () => {
    for (const scope of [{ coder: 'ann' }, { coder: 'bob', depth: 1 as const }, {}]) {
      const alone = await call('map-point-codes', { projectionId, codes: scope });
      expect(alone.projectionId).toBe(projectionId);
      expect(alone.code).toEqual((await call('map-points', { projectionId, codes: scope })).attributes.code);
      expect(alone.code.codes).toHaveLength(base.n);
    }
    await expect(call('map-point-codes', { projectionId: 'nope', codes: {} })).rejects.toMatchObject({ code: 'not-found' });
  });

  it("colours by the study's codes (every coder's when none is resolved): points with two codes are 'several'", async () => {
    const ann = annSets(), bob = bobSets();
    const both = ann.map((s, i) => new Set([...s, ...bob[i]]));
    const c = (await call('map-points', { projectionId, codes: {} })).attributes.code!;
    expect(c.values.at(-1)).toBe(SEVERAL_CODES);
    expect(decode(c)).toEqual(expected(both));
    // At level 1 A becomes its category; at level 2 the top-level codes B and C leave their points uncoded.
    const top = (s: Set<string>) => new Set([...s].map((x) => x.split('/')[0]));
    const l1 = (await call('map-points', { projectionId, codes: { depth: 1 } })).attributes.code!;
    expect(l1.labels.filter((l) => l !== 'several codes')).toEqual(codes.filter((x) => x.depth === 1).map((x) => x.path));
    expect(decode(l1)).toEqual(expected(both.map(top)));
    const l2 = (await call('map-points', { projectionId, codes: { depth: 2, coder: 'ann' } })).attributes.code!;
    expect(decode(l2)).toEqual(expected(ann.map((s) => new Set([...s].filter((x) => x.includes('/'))))));
  });

  it('counts a selection by code and says how many already have a code', async () => {
    const indices = [0, 1, 4, 5, 6, 7, 30, 31, 6];
    const unique = [...new Set(indices)];
    const sel = await call('map-selection', { projectionId, indices, codes: {}, hasCode: { codeId: code(B).codeId, coder: 'bob' } });
    const sets = new Map(unique.map((i) => [i, new Set([...annSets()[i], ...bobSets()[i]])]));
    const counts = new Map<string | null, number>();
    for (const s of sets.values()) {
      if (!s.size) counts.set(null, (counts.get(null) ?? 0) + 1);
      for (const x of s) counts.set(x, (counts.get(x) ?? 0) + 1);
    }
    expect(new Map(sel.byCode.map((r) => [r.path, r.count]))).toEqual(counts);
    expect(sel.byCode.find((r) => r.path === B)).toMatchObject({ codeId: code(B).codeId, color: code(B).color });
    expect(sel.withCode).toBe(unique.filter((i) => i >= 3 && i < 9).length);
    for (const s of sel.sentences) expect(s.codes).toEqual([...sets.get(s.index)!].sort());
    expect((await call('map-selection', { projectionId, indices })).byCode).toEqual([]);
  });

  it("follows a resolution: the study's code of a resolved sentence is the consensus alone", async () => {
    const [key] = units([3]);
    const before = (await call('map-points', { projectionId, codes: {} })).attributes.code!;
    expect(before.values[before.codes[3]]).toBe(SEVERAL_CODES);
    await call('coding-resolve', { resolvedBy: 'ann', sentence: { conversationId: key.conversationId, turn: key.turn, sentenceIndex: key.sentenceIndex }, codeIds: [code(B).codeId] });
    const after = (await call('map-points', { projectionId, codes: {} })).attributes.code!;
    expect(decode(after)[3]).toBe(B);
    expect(decode((await call('map-points', { projectionId, codes: { coder: 'consensus' } })).attributes.code!).filter((x) => x !== null)).toEqual([B]);
    expect(decode(after).filter((_, i) => i !== 3)).toEqual(decode(before).filter((_, i) => i !== 3));
  });
});

describe('code these', () => {
  it('assigns the code to the selected sentences in one event; undo takes it back', async () => {
    const D = code('Cognitive/Perspective taking') ?? codes.find((c) => c.depth === 2 && !c.path.startsWith('Affective'))!;
    const coded = async () => {
      // What the map reads to recolour after "code these".
      const c = (await call('map-point-codes', { projectionId, codes: { coder: 'cy' } })).code;
      return range(0, base.n).filter((i) => c.codes[i] >= 0 && c.values[c.codes[i]] === D.codeId);
    };
    const first = await call('map-code-selection', { projectionId, indices: [...range(10, 20), 12], codeId: D.codeId, coder: 'cy' });
    expect(first).toEqual({ sentences: 10, assigned: 10, already: 0 });
    const second = await call('map-code-selection', { projectionId, indices: range(15, 25), codeId: D.codeId, coder: 'cy' });
    expect(second).toEqual({ sentences: 10, assigned: 5, already: 5 });
    expect(await coded()).toEqual(range(10, 25));
    const stored = await call('coding-assignments', { coders: ['cy'], codeId: D.codeId, limit: 100 });
    expect(stored.rows.map((r) => `${r.conversationId}|${r.turn}|${r.sentenceIndex}`).sort())
      .toEqual(units(range(10, 25)).map((u) => `${u.conversationId}|${u.turn}|${u.sentenceIndex}`).sort());
    expect((await call('coding-history', { coder: 'cy', limit: 10 })).events.filter((e) => e.kind === 'assign')).toHaveLength(2);
    await call('coding-undo', { coder: 'cy' });
    expect(await coded()).toEqual(range(10, 20));
    await call('coding-undo', { coder: 'cy' });
    expect(await coded()).toEqual([]);
    expect((await call('coding-assignments', { coders: ['cy'], limit: 10 })).total).toBe(0);
  });

  it('refuses unknown codes, the consensus coder and indices past the projection', async () => {
    await expect(call('map-code-selection', { projectionId, indices: [0], codeId: 'code-nope', coder: 'cy' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(call('map-code-selection', { projectionId, indices: [0], codeId: code(A).codeId, coder: 'consensus' })).rejects.toMatchObject({ code: 'invalid-args' });
    await expect(call('map-code-selection', { projectionId, indices: [base.n], codeId: code(A).codeId, coder: 'cy' }))
      .rejects.toMatchObject({ code: 'invalid-args', message: `indices.0: ${base.n} is past the projection's ${base.n} points` });
    await expect(call('map-code-selection', { projectionId, indices: [], codeId: code(A).codeId, coder: 'cy' })).rejects.toMatchObject({ code: 'invalid-args' });
  });
});

describe("the explorer's score ranges on the map", () => {
  it('marks visible exactly the points of conversations with a score in every range', async () => {
    const set = await h.b.workspace.db.one<{ id: string }>(`SELECT score_set_id AS id FROM scores GROUP BY 1 ORDER BY 1 LIMIT 1`);
    expect(set).not.toBeNull();
    const dims = await h.b.workspace.db.all<{ d: string; lo: number; hi: number }>(`SELECT dimension AS d, quantile_cont(score, 0.25) AS lo,
      quantile_cont(score, 0.75) AS hi FROM scores WHERE score_set_id = ? GROUP BY 1 ORDER BY 1 LIMIT 2`, [set!.id]);
    const scoreRanges = [{ scoreSetId: set!.id, dimension: dims[0].d, min: dims[0].lo }, ...(dims[1] ? [{ scoreSetId: set!.id, dimension: dims[1].d, max: dims[1].hi }] : [])];
    const p = await call('map-points', { projectionId, filter: { scoreRanges } });
    const rows = await h.b.workspace.db.all<{ v: boolean }>(`
      SELECT (p.conversation_id IN (SELECT conversation_id FROM scores WHERE score_set_id = $1 AND dimension = $2 AND score >= $3)
        AND ($4::VARCHAR IS NULL OR p.conversation_id IN (SELECT conversation_id FROM scores WHERE score_set_id = $1 AND dimension = $4 AND score <= $5))) AS v
      FROM projection_points p WHERE p.projection_id = $6 ORDER BY p.point_index`,
    [set!.id, dims[0].d, dims[0].lo, dims[1]?.d ?? null, dims[1]?.hi ?? null, projectionId]);
    expect(p.visible).toEqual(rows.map((r) => (r.v ? 1 : 0)));
    expect(p.visibleCount).toBeGreaterThan(0);
    expect(p.visibleCount).toBeLessThan(p.n);
  });
});
