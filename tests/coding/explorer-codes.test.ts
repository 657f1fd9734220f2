// Codes filter the explorer: "conversations with a sentence coded C or a descendant", by one coder or as the
// coding labellings have it (consensus where resolved, "no code" included). Through a real Backend on the tiny
// study: the expected conversations come from the assignments made here and from the materialised
// sentence_labels; the list's total, its pages, the CSV export and the map's visible mask must all agree.
import { listValue } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeNode, ConversationFilter } from '../../main/api/contract/index.js';
import { parseCsv } from '../golden/helpers.js';
import { codingFixture, supporterSentences, type CodingFixture, type Key } from './helpers.js';

let f: CodingFixture;
let s: (Key & { text: string })[];
const call = ((...a: Parameters<CodingFixture['b']['app']['call']>) => f.b.app.call(...a)) as CodingFixture['b']['app']['call'];
const key = (k: Key): Key => ({ conversationId: k.conversationId, turn: k.turn, sentenceIndex: k.sentenceIndex });
const code = async (path: string): Promise<CodeNode> => (await call('coding-codebook', undefined)).codes.find((c) => c.path === path)!;
const convs = (keys: Key[]) => [...new Set(keys.map((k) => k.conversationId))].sort();
let affective: CodeNode, validating: CodeNode, cognitive: CodeNode;

/** Every listed id, read page by page (2 per page), with the totals each page reported. */
async function listAll(filter: ConversationFilter): Promise<{ ids: string[]; totals: number[] }> {
  const ids: string[] = [];
  const totals: number[] = [];
  for (let offset = 0; ; offset += 2) {
    const page = await call('conversations-list', { filter, offset, limit: 2 });
    totals.push(page.total);
    ids.push(...page.rows.map((r) => r.conversation_id));
    if (page.rows.length < 2) break;
  }
  return { ids, totals };
}

/** List, pages, totals and export agree on the filter, and give `expected`. */
async function expectMatches(filter: ConversationFilter, expected: string[]): Promise<void> {
  const { ids, totals } = await listAll(filter);
  expect(ids).toEqual(expected);
  expect(new Set(totals)).toEqual(new Set([expected.length]));
  const csv = await call('conversations-export', { filter });
  expect(csv.rows).toBe(expected.length);
  expect(parseCsv(csv.csv).map((r) => r.conversation_id)).toEqual(expected);
}

/** Conversations with a coding:leaf label at or under the path: what the shift analysis counts. */
async function labelled(path: string): Promise<string[]> {
  return (await f.db.all<{ c: string }>(`SELECT DISTINCT conversation_id AS c FROM sentence_labels
    WHERE labelling = 'coding:leaf' AND (category = ? OR starts_with(category, ?)) ORDER BY 1`, [path, `${path}/`])).map((r) => r.c);
}

beforeAll(async () => {
  f = await codingFixture('coding-explorer');
  s = await supporterSentences(f.db);
  await call('coding-codebook-start', { coder: 'ann', template: 'lend-an-ear' });
  [affective, validating, cognitive] = [await code('Affective'), await code('Affective/Validating emotions'), await code('Cognitive')];
  // ann: Validating on sentences 0-3; bob: Cognitive on 2-5 and Validating on 6.
  await call('coding-assign-many', { coder: 'ann', codeId: validating.codeId, units: s.slice(0, 4).map((k) => ({ grain: 'sentence' as const, ...key(k) })) });
  await call('coding-assign-many', { coder: 'bob', codeId: cognitive.codeId, units: s.slice(2, 6).map((k) => ({ grain: 'sentence' as const, ...key(k) })) });
  await call('coding-assign', { coder: 'bob', codeId: validating.codeId, unit: { grain: 'sentence', ...key(s[6]) } });
}, 120_000);
afterAll(() => f.cleanup());

describe('explorer code filter', () => {
  it('matches conversations with a sentence coded C or a descendant, by coder or by the labelling', async () => {
    const annValidating = convs(s.slice(0, 4));
    await expectMatches({ codes: { codeIds: [validating.codeId], coder: 'ann' } }, annValidating);
    await expectMatches({ codes: { codeIds: [affective.codeId], coder: 'ann' } }, annValidating);
    await expectMatches({ codes: { codeIds: [affective.codeId], coder: 'bob' } }, convs([s[6]]));
    await expectMatches({ codes: { codeIds: [cognitive.codeId], coder: 'ann' } }, []);
    const study = convs([...s.slice(0, 4), s[6]]);
    expect(await labelled('Affective')).toEqual(study);
    await expectMatches({ codes: { codeIds: [affective.codeId] } }, study);
    await expectMatches({ codes: { codeIds: [affective.codeId, cognitive.codeId] } }, convs(s.slice(0, 7)));
  });

  it('combines with the other filters', async () => {
    const cond = (await f.db.value<string>(`SELECT condition FROM conversation_stats WHERE conversation_id = ?`, [s[6].conversationId]))!;
    const expected = (await f.db.all<{ c: string }>(`SELECT conversation_id AS c FROM conversation_stats WHERE condition = ?
      AND list_contains(?::VARCHAR[], conversation_id) ORDER BY 1`, [cond, listValue(await labelled('Affective'))])).map((r) => r.c);
    expect(expected).toContain(s[6].conversationId);
    await expectMatches({ conditions: [cond], codes: { codeIds: [affective.codeId] } }, expected);
  });

  it('follows a "no code" resolution, and its undo', async () => {
    // Sentence 2 carries ann's Validating and bob's Cognitive; its conversation has no other Cognitive sentence.
    const conv = s[2].conversationId;
    const others = s.slice(0, 7).filter((k, i) => i !== 2 && k.conversationId === conv);
    expect(others.every((k) => s.indexOf(k) < 2)).toBe(true);
    const d = await call('coding-disagreements', { coders: ['ann', 'bob'] });
    expect(d.rows.find((r) => r.conversationId === conv && r.turn === s[2].turn && r.sentenceIndex === s[2].sentenceIndex)?.resolved).toBeNull();
    await call('coding-resolve', { resolvedBy: 'ann', sentence: key(s[2]), codeIds: [] });
    const after = await call('coding-disagreements', { coders: ['ann', 'bob'] });
    expect(after.rows.find((r) => r.conversationId === conv && r.turn === s[2].turn && r.sentenceIndex === s[2].sentenceIndex)?.resolved).toEqual([]);
    const labels = await f.db.value<number>(`SELECT count(*) FROM sentence_labels WHERE labelling LIKE 'coding:%' AND conversation_id = ? AND turn = ? AND sentence_index = ?`,
      [conv, s[2].turn, s[2].sentenceIndex]);
    expect(labels).toBe(0);
    const cognitiveNow = convs(s.slice(3, 6));
    expect(await labelled('Cognitive')).toEqual(cognitiveNow);
    await expectMatches({ codes: { codeIds: [cognitive.codeId] } }, cognitiveNow);
    // The coders' own codes stay; the consensus has none.
    await expectMatches({ codes: { codeIds: [cognitive.codeId], coder: 'bob' } }, convs(s.slice(2, 6)));
    await expectMatches({ codes: { codeIds: [cognitive.codeId], coder: 'consensus' } }, []);
    // Resolving with a code replaces the "no code"; undo brings "no code" back; undoing that too restores the fallback.
    await call('coding-resolve', { resolvedBy: 'ann', sentence: key(s[2]), codeIds: [cognitive.codeId] });
    await expectMatches({ codes: { codeIds: [cognitive.codeId], coder: 'consensus' } }, [conv]);
    expect(await f.db.value<number>(`SELECT count(*) FROM coding_no_code`)).toBe(0);
    await call('coding-undo', { coder: 'ann' });
    expect(await f.db.value<number>(`SELECT count(*) FROM coding_no_code`)).toBe(1);
    await expectMatches({ codes: { codeIds: [cognitive.codeId] } }, cognitiveNow);
    await call('coding-undo', { coder: 'ann' });
    expect(await labelled('Cognitive')).toEqual(convs(s.slice(2, 6)));
    await expectMatches({ codes: { codeIds: [cognitive.codeId] } }, convs(s.slice(2, 6)));
    await call('coding-redo', { coder: 'ann' });
    expect(await labelled('Cognitive')).toEqual(cognitiveNow);
  });

  it('names an unknown code or coder, and binds ids as values', async () => {
    await expect(call('conversations-list', { filter: { codes: { codeIds: [validating.codeId, "x' OR 1=1 --"] } } }))
      .rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining('filter.codes.codeIds.1') });
    await expect(call('conversations-export', { filter: { codes: { codeIds: [validating.codeId], coder: 'nobody' } } }))
      .rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining('filter.codes.coder') });
    await expect(call('conversations-list', { filter: { codes: { codeIds: [] } } })).rejects.toMatchObject({ code: 'invalid-args' });
  });

  it('decides the map\'s visible mask the same way', async () => {
    // A stored projection placing every sentence unit of the study (the map reads what is stored).
    await f.db.run(`INSERT INTO projections VALUES ('p-codes', 'e', 'workbench-umap', '{}', 'done', NULL,
      (SELECT count(*) FROM sentences), 1, NULL, NULL, now(), now())`);
    await f.db.run(`INSERT INTO projection_points SELECT 'p-codes', (row_number() OVER (ORDER BY conversation_id, turn, sentence_index) - 1)::INTEGER,
      conversation_id, turn, sentence_index, turn, sentence_index FROM sentences`);
    const filter = { codes: { codeIds: [affective.codeId] } };
    const p = await call('map-points', { projectionId: 'p-codes', filter });
    const shown = new Set(await labelled('Affective'));
    expect(shown.size).toBeGreaterThan(0);
    expect(p.visible).toEqual(p.conversation.map((c) => (shown.has(p.conversations[c]) ? 1 : 0)));
    expect(p.visibleCount).toBeLessThan(p.n);
    expect((await call('map-points', { projectionId: 'p-codes', filter: { codes: { codeIds: [affective.codeId], coder: 'bob' } } })).visible)
      .toEqual(p.conversation.map((c) => (p.conversations[c] === s[6].conversationId ? 1 : 0)));
  });
});
