// The coding API through a real Backend on the tiny study with a seeded kSAE model (top-1 latent by text: resume → 0,
// sorry → 1, sense → 2, else 3; top-2 = top-1 + 1 mod 4). Expected values are counted here from the study's text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cohenKappa } from '../../main/analysis/index.js';
import type { CodeNode } from '../../main/api/contract/index.js';
import { codingFixture, keyOf, supporterSentences, type CodingFixture, type Key } from './helpers.js';

let f: CodingFixture;
let sentences: (Key & { text: string })[];
const call = ((...a: Parameters<CodingFixture['b']['app']['call']>) => f.b.app.call(...a)) as CodingFixture['b']['app']['call'];
const key = (s: Key): Key => ({ conversationId: s.conversationId, turn: s.turn, sentenceIndex: s.sentenceIndex });
const byPath = async (path: string): Promise<CodeNode> => (await call('coding-codebook', undefined)).codes.find((c) => c.path === path)!;
const sense = () => sentences.filter((s) => s.text.includes('sense'));
const sorry = () => sentences.filter((s) => s.text.includes('sorry'));

beforeAll(async () => {
  f = await codingFixture('coding-api');
  sentences = await supporterSentences(f.db);
}, 120_000);
afterAll(() => f.cleanup());

describe('codebook tree', () => {
  it('starts from the paper: four categories with their level-2 codes, once', async () => {
    const { codes } = await call('coding-codebook-start', { coder: 'ann', template: 'lend-an-ear' });
    expect(codes.filter((c) => c.depth === 1).map((c) => c.name)).toEqual(['Affective', 'Cognitive', 'Motivational', 'Misattuned']);
    expect(codes.filter((c) => c.depth === 2).map((c) => c.path)).toContain('Affective/Validating emotions');
    expect(codes).toHaveLength(14);
    await expect(call('coding-codebook-start', { coder: 'ann', template: 'empty' })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('creates, renames, recolours, describes and moves codes; refuses "/" names, sibling clashes and cycles', async () => {
    const aff = await byPath('Affective');
    const c = await call('coding-code-create', { coder: 'ann', parentId: aff.codeId, name: 'Warmth' });
    expect(c).toMatchObject({ path: 'Affective/Warmth', color: aff.color, depth: 2 });
    const u = await call('coding-code-update', { coder: 'ann', codeId: c.codeId, name: 'Warm tone', color: '#123456', definition: 'd', inclusion: 'i', exclusion: 'e', examples: ['x'] });
    expect(u).toMatchObject({ path: 'Affective/Warm tone', color: '#123456', definition: 'd', inclusion: 'i', exclusion: 'e', examples: ['x'] });
    await expect(call('coding-code-create', { coder: 'ann', name: 'A/B' })).rejects.toMatchObject({ code: 'invalid-args' });
    await expect(call('coding-code-create', { coder: 'ann', parentId: aff.codeId, name: 'warm TONE' })).rejects.toMatchObject({ code: 'conflict' });
    const cog = await byPath('Cognitive');
    const moved = await call('coding-code-move', { coder: 'ann', codeId: c.codeId, parentId: cog.codeId, position: 0 });
    expect(moved).toMatchObject({ path: 'Cognitive/Warm tone', position: 0 });
    expect((await call('coding-codebook', undefined)).codes.filter((x) => x.parentId === cog.codeId).map((x) => x.position)).toEqual([0, 1, 2]);
    await expect(call('coding-code-move', { coder: 'ann', codeId: cog.codeId, parentId: c.codeId })).rejects.toMatchObject({ code: 'invalid-args' });
    await call('coding-code-delete', { coder: 'ann', codeId: c.codeId });
    expect(await byPath('Cognitive/Warm tone')).toBeUndefined();
  });
});

describe('assignments at three grains', () => {
  it('a theme brings its top-1 sentences, or top-K; a sentence code overrides the theme there; an exclusion removes one code', async () => {
    const ve = await byPath('Affective/Validating emotions');
    const a = await call('coding-assign', { coder: 'ann', codeId: ve.codeId, unit: { grain: 'theme', modelId: 'm-seed', latent: 2 } });
    expect(a).toMatchObject({ grain: 'theme', latent: 2, topK: 1, text: 'Validating that feelings make sense' });
    expect((await byPath('Affective/Validating emotions')).sentences).toBe(sense().length);
    const top2 = await call('coding-assign', { coder: 'ann', codeId: ve.codeId, unit: { grain: 'theme', modelId: 'm-seed', latent: 2, topK: 2 } });
    // Rank 2 of "sorry" sentences is latent 2.
    expect((await byPath('Affective/Validating emotions')).sentences).toBe(sense().length + sorry().length);
    await call('coding-unassign', { coder: 'ann', assignmentId: top2.assignmentId });
    const du = await byPath('Cognitive/Demonstrating understanding');
    const [s0, s1] = sense();
    await call('coding-assign', { coder: 'ann', codeId: du.codeId, unit: { grain: 'sentence', ...key(s0) } });
    await call('coding-assign', { coder: 'ann', codeId: ve.codeId, unit: { grain: 'sentence', ...key(s1), exclude: true } });
    const conv0 = await call('coding-conversation', { conversationId: s0.conversationId });
    expect(conv0.sentences.find((s) => keyOf(s) === keyOf(s0))!.codes.map((c) => [c.codeId, c.grain])).toEqual([[du.codeId, 'sentence']]);
    const conv1 = await call('coding-conversation', { conversationId: s1.conversationId });
    expect(conv1.sentences.find((s) => keyOf(s) === keyOf(s1))!.codes).toEqual([]);
    expect((await byPath('Affective/Validating emotions')).sentences).toBe(sense().length - 2);
    await expect(call('coding-assign', { coder: 'ann', codeId: ve.codeId, unit: { grain: 'sentence', conversationId: 'nope', turn: 0, sentenceIndex: 0 } }))
      .rejects.toMatchObject({ code: 'not-found' });
    await expect(call('coding-assign', { coder: 'ann', codeId: ve.codeId, unit: { grain: 'theme', modelId: 'm-seed', latent: 9 } })).rejects.toMatchObject({ code: 'invalid-args' });
  });

  it('spans keep their text and offsets; assigning the same unit twice is one assignment', async () => {
    const es = await byPath('Affective/Expressing sympathy');
    const s = sorry()[0];
    const span = await call('coding-assign', { coder: 'ann', codeId: es.codeId, unit: { grain: 'span', conversationId: s.conversationId, turn: s.turn, start: 2, end: 11 } });
    expect(span).toMatchObject({ text: 'am sorry.', start: 2, end: 11 });
    const again = await call('coding-assign', { coder: 'ann', codeId: es.codeId, unit: { grain: 'span', conversationId: s.conversationId, turn: s.turn, start: 2, end: 11 } });
    expect(again.assignmentId).toBe(span.assignmentId);
    await expect(call('coding-assign', { coder: 'ann', codeId: es.codeId, unit: { grain: 'span', conversationId: s.conversationId, turn: s.turn, start: 5, end: 500 } }))
      .rejects.toMatchObject({ code: 'invalid-args' });
    expect((await call('coding-conversation', { conversationId: s.conversationId })).spans.map((x) => x.assignmentId)).toEqual([span.assignmentId]);
  });

  it('merge combines assignments and keeps both definitions; split by sentences keeps the other codes; delete moves to the parent', async () => {
    const ve = await byPath('Affective/Validating emotions');
    const du = await byPath('Cognitive/Demonstrating understanding');
    await call('coding-code-update', { coder: 'ann', codeId: du.codeId, definition: 'Shows understanding.' });
    await call('coding-memo-set', { coder: 'ann', target: { kind: 'code', id: du.codeId }, text: 'memo on DU' });
    const merged = await call('coding-code-merge', { coder: 'ann', sourceId: du.codeId, targetId: ve.codeId });
    expect(merged.definition).toMatch(/level 2 of the Lend an Ear taxonomy\.\n\n\[from Demonstrating understanding\] Shows understanding\./);
    expect(merged.assignments).toBe(ve.assignments + du.assignments);
    expect((await call('coding-memos', { target: { kind: 'code', id: ve.codeId } })).memos.map((m) => m.text)).toEqual(['memo on DU']);
    // A sentence with the code from the theme and another theme code: both stay, the chosen one goes to the new code.
    const other = await byPath('Affective/Demonstrating availability');
    const [, , s2] = sense();
    await call('coding-assign', { coder: 'ann', codeId: other.codeId, unit: { grain: 'theme', modelId: 'm-seed', latent: 2 } });
    const split = await call('coding-code-split', { coder: 'ann', codeId: ve.codeId, name: 'Normalising', by: { kind: 'sentences', sentences: [key(s2)] } });
    expect(split.path).toBe('Affective/Normalising');
    const codesAt = async (s: Key) => (await call('coding-conversation', { conversationId: s.conversationId })).sentences.find((x) => keyOf(x) === keyOf(s))!.codes.map((c) => c.codeId).sort();
    expect(await codesAt(s2)).toEqual([other.codeId, split.codeId].sort());
    const r = await call('coding-code-delete', { coder: 'ann', codeId: split.codeId });
    expect(r).toEqual({ movedAssignments: 1, removedAssignments: 0 });
    expect(await codesAt(s2)).toEqual([other.codeId, (await byPath('Affective')).codeId].sort());
  });
});

describe('two coders on the same 20 sentences', () => {
  it('agreement, disagreements, resolve as consensus, and the coding labelling feeds the shift analysis', async () => {
    const codes = [await byPath('Misattuned/Advice giving'), await byPath('Motivational/Affirming')];
    const units = sentences.slice(0, 20);
    // bob differs from carl on every fifth sentence.
    const carlCode = (i: number) => codes[i % 2];
    const bobCode = (i: number) => (i % 5 === 0 ? codes[(i + 1) % 2] : codes[i % 2]);
    for (const [coder, pick] of [['carl', carlCode], ['bob', bobCode]] as const) {
      for (const [i, s] of units.entries()) await call('coding-assign', { coder, codeId: pick(i).codeId, unit: { grain: 'sentence', ...key(s) } });
    }
    const r = await call('coding-agreement', { coders: ['bob', 'carl'] });
    expect(r.units).toBe(20);
    expect(r.overall.percent).toBeCloseTo(16 / 20, 12);
    const a = units.map((_, i) => bobCode(i).codeId);
    const b = units.map((_, i) => carlCode(i).codeId);
    expect(r.overall.kappa).toBeCloseTo(cohenKappa(a, b), 12);
    expect(r.kappaKind).toBe('cohen');
    expect(r.codes.map((c) => c.code)).toEqual(['Misattuned/Advice giving', 'Motivational/Affirming']);
    expect(r.codes[0].n).toBe(units.filter((_, i) => bobCode(i) === codes[0] || carlCode(i) === codes[0]).length);
    const d = await call('coding-disagreements', { coders: ['bob', 'carl'] });
    expect(d.total).toBe(4);
    expect(d.rows[0].byCoder).toEqual({ bob: [bobCode(0).codeId], carl: [carlCode(0).codeId] });
    expect(d.rows[0].resolved).toBeNull();
    await call('coding-resolve', { resolvedBy: 'carl', sentence: key(units[0]), codeIds: [codes[0].codeId] });
    expect((await call('coding-disagreements', { coders: ['bob', 'carl'] })).rows[0].resolved).toEqual([codes[0].codeId]);
    // Consensus replaces the coders' codes of that sentence in the labelling.
    const labels = await f.db.all<{ labelling: string; category: string }>(`SELECT labelling, category FROM sentence_labels
      WHERE labelling LIKE 'coding:%' AND conversation_id = ? AND turn = ? AND sentence_index = ? ORDER BY 1, 2`, [units[0].conversationId, units[0].turn, units[0].sentenceIndex]);
    expect(labels).toEqual([
      { labelling: 'coding:leaf', category: 'Misattuned/Advice giving' }, { labelling: 'coding:level1', category: 'Misattuned' }, { labelling: 'coding:level2', category: 'Misattuned/Advice giving' },
    ]);
    const shifts = await call('analysis-shifts', { labelling: 'coding:level2' });
    expect(shifts.rows.map((x) => x.label)).toContain('Misattuned/Advice giving');
    const three = await call('coding-agreement', { coders: ['ann', 'bob', 'carl'] });
    expect(three.kappaKind).toBe('fleiss');
  });

  it('blind mode shows a coder only their own codes', async () => {
    const s = sentences[0];
    const all = await call('coding-conversation', { conversationId: s.conversationId });
    const blind = await call('coding-conversation', { conversationId: s.conversationId, blind: true, viewer: 'bob' });
    expect(new Set(all.sentences.flatMap((x) => x.codes.map((c) => c.coder))).size).toBeGreaterThan(1);
    expect([...new Set(blind.sentences.flatMap((x) => x.codes.map((c) => c.coder)))]).toEqual(['bob']);
    await expect(call('coding-assignments', { blind: true })).rejects.toMatchObject({ code: 'invalid-args' });
  });

  it('co-occurrence counts sentence units with both codes, and a cell lists them', async () => {
    const r = await call('coding-cooccurrence', { coders: ['bob', 'carl'] });
    const i = r.codes.findIndex((c) => c.path === 'Misattuned/Advice giving');
    const j = r.codes.findIndex((c) => c.path === 'Motivational/Affirming');
    expect(r.matrix[i][j]).toBe(4);
    expect(r.matrix[i][j]).toBe(r.matrix[j][i]);
    const cell = await call('coding-cooccurrence-cell', { a: r.codes[i].codeId, b: r.codes[j].codeId, coders: ['bob', 'carl'] });
    expect(cell.total).toBe(4);
    const byLevel1 = await call('coding-cooccurrence', { coders: ['bob', 'carl'], depth: 1 });
    expect(byLevel1.codes.map((c) => c.path)).toEqual(['Misattuned', 'Motivational']);
    const freq = await call('coding-frequencies', { coders: ['bob'], depth: 1 });
    expect(freq.rows.reduce((s, x) => s + x.sentences, 0)).toBe(20);
  });
});

describe('rubric ratings', () => {
  it('a stratified seeded queue; ratings form a score set the rater agreement analysis compares with the judge', async () => {
    const q = await call('coding-rating-queue-create', { rater: 'dana', size: 12, seed: 5 });
    expect(q.items).toHaveLength(12);
    expect((await call('coding-rating-queue-create', { rater: 'dana', size: 12, seed: 5 })).items).toEqual(q.items);
    // 36 conversations over 4 conditions × 3 rounds: 12 drawn proportionally is one per condition × round.
    expect(new Set(q.items.map((x) => `${x.condition}/${x.round}`)).size).toBe(12);
    for (const [n, it] of q.items.entries()) {
      await call('coding-rate', { rater: 'dana', conversationId: it.conversationId, scores: { validating_emotions: 1 + (n % 5), advice_giving: 1 + ((n * 3) % 5) }, note: n ? '' : 'first' });
    }
    expect((await call('coding-rating-queue', { rater: 'dana' })).items.every((x) => x.rated)).toBe(true);
    const mine = await call('coding-ratings', { rater: 'dana' });
    expect(mine.scoreSetId).toBe('rater:dana');
    expect(mine.ratings).toHaveLength(12);
    const ag = await call('analysis-agreement', { a: 'rater:dana', b: 'tiny-judge', reps: 0 });
    expect(ag.rows.map((r) => [r.dimension, r.n])).toEqual([['validating_emotions', 12], ['advice_giving', 12]]);
    await expect(call('coding-rate', { rater: 'dana', conversationId: q.items[0].conversationId, scores: { empathy: 3 } })).rejects.toMatchObject({ code: 'invalid-args' });
    expect((await call('coding-rubric', undefined)).dimensions.map((d) => d.anchors['5'])).toEqual(Array(6).fill('very much'));
  });
});
