// Replaying coding onto a retrained model and a re-import: theme assignments and memos move to the closest new latent
// by decoder cosine (the weights are written here, so the right match is known), sentence assignments follow their
// text when a sentence key changes, and what cannot be carried over is reported.
import { blobValue } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pack } from '../../workers/ksae/pack.js';
import type { Db } from '../../main/db/workspace.js';
import { seedThemeModel } from '../themes/browse-seed.js';
import { codingFixture, type CodingFixture } from './helpers.js';

let f: CodingFixture;
const D = 4;
const e = (i: number) => Array.from({ length: D }, (_, j) => (j === i ? 1 : 0));
const half = [0.5, 0.5, 0.5, 0.5];

async function setDecoder(db: Db, modelId: string, rows: number[][]): Promise<void> {
  const wDec = Float32Array.from(rows.flat());
  const weights = pack({ kind: 'weights', d: D, latents: rows.length, k: 2 }, [new Float32Array(wDec), wDec, new Float32Array(D), new Float32Array(rows.length)]);
  await db.run(`UPDATE theme_models SET weights = ? WHERE model_id = ?`, [blobValue(weights), modelId]);
}

beforeAll(async () => {
  f = await codingFixture('coding-replay');
  await seedThemeModel(f.db, 'm-new', { gridId: 'g-new' });
  // Old latents 0-3 are the axes, 4 the diagonal; the new model permutes the axes (old j → new [1, 3, 0, 2][j])
  // and has the opposite diagonal, so old latent 4 has no close match (best cosine 0.5).
  await setDecoder(f.db, 'm-seed', [e(0), e(1), e(2), e(3), half]);
  await setDecoder(f.db, 'm-new', [e(2), e(0), e(3), e(1), half.map((x) => -x)]);
}, 120_000);
afterAll(() => f.cleanup());

describe('coding-replay', () => {
  it('moves themes to the closest latents, re-keys moved sentences and reports the rest', async () => {
    const x = await f.b.app.call('coding-code-create', { coder: 'ann', name: 'X' });
    const y = await f.b.app.call('coding-code-create', { coder: 'ann', name: 'Y' });
    const tx = await f.b.app.call('coding-assign', { coder: 'ann', codeId: x.codeId, unit: { grain: 'theme', modelId: 'm-seed', latent: 2 } });
    const ty = await f.b.app.call('coding-assign', { coder: 'ann', codeId: y.codeId, unit: { grain: 'theme', modelId: 'm-seed', latent: 4 } });
    await f.b.app.call('coding-memo-set', { coder: 'ann', target: { kind: 'theme', id: 'm-seed:2' }, text: 'validating' });
    const moved = await f.b.app.call('coding-assign', { coder: 'bob', codeId: y.codeId, unit: { grain: 'sentence', conversationId: 'c000-1', turn: 1, sentenceIndex: 0 } });
    const gone = await f.b.app.call('coding-assign', { coder: 'bob', codeId: y.codeId, unit: { grain: 'sentence', conversationId: 'c001-1', turn: 1, sentenceIndex: 1 } });
    // A re-import that split c000-1's first message differently and dropped a sentence of c001-1.
    await f.db.run(`UPDATE sentences SET sentence_index = sentence_index + 1 WHERE conversation_id = 'c000-1' AND turn = 1`);
    await f.db.run(`DELETE FROM sentences WHERE conversation_id = 'c001-1' AND turn = 1 AND sentence_index = 1`);

    const r = await f.b.app.call('coding-replay', { coder: 'ann', fromModelId: 'm-seed', toModelId: 'm-new', minSimilarity: 0.6 });
    expect(r.themes).toEqual([{ assignmentId: tx.assignmentId, codePath: 'X', fromLatent: 2, toLatent: 0, similarity: 1 }]);
    expect(r.rekeyed).toBe(1);
    expect(r.lost.map((l) => l.assignmentId).sort()).toEqual([ty.assignmentId, gone.assignmentId].sort());
    expect(r.lost.find((l) => l.assignmentId === ty.assignmentId)?.reason).toMatch(/cosine 0\.500 < 0\.6/);

    const onNew = await f.b.app.call('coding-assignments', { grain: 'theme', codeId: x.codeId });
    expect(onNew.rows.map((a) => [a.modelId, a.latent]).sort()).toEqual([['m-new', 0], ['m-seed', 2]]);
    expect((await f.b.app.call('coding-memos', { target: { kind: 'theme', id: 'm-new:0' } })).memos.map((m) => m.text)).toEqual(['validating']);
    const rekeyed = (await f.b.app.call('coding-assignments', { coders: ['bob'], conversationId: 'c000-1' })).rows.find((a) => a.assignmentId === moved.assignmentId);
    expect(rekeyed).toMatchObject({ turn: 1, sentenceIndex: 1, text: 'I am sorry.' });
    // One undo step takes the whole replay back.
    await f.b.app.call('coding-undo', { coder: 'ann' });
    expect((await f.b.app.call('coding-assignments', { grain: 'theme', codeId: x.codeId })).rows.map((a) => a.modelId)).toEqual(['m-seed']);
    await expect(f.b.app.call('coding-replay', { coder: 'ann', fromModelId: 'm-seed', toModelId: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
  });
});
