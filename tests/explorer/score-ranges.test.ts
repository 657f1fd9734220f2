// A score filter that cannot match anything (outside the scale, min above max) is refused with the
// dimension, the bound and the scale named, instead of an empty list without a word.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../main/backend.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-ranges-');
let b: Backend;
beforeAll(async () => {
  b = new Backend({ home: join(tmp.path, 'home') });
  await b.open(join(tmp.path, 's.duckdb'));
  const { jobId } = await b.app.call('import-start', { path: writeTinyStudy(join(tmp.path, 'tiny'), 4).dir, format: 'study' });
  expect((await b.app.call('job-wait', { id: jobId })).state).toBe('done');
});
afterAll(() => {
  b.close();
  tmp.cleanup();
});

describe('score ranges', () => {
  const range = (min?: number, max?: number) => ({ filter: { scoreRanges: [{ scoreSetId: 'tiny-judge', dimension: 'validating_emotions', min, max }] } });

  it('a possible range filters', async () => {
    const all = (await b.app.call('conversations-list', { filter: {} })).total;
    const some = (await b.app.call('conversations-list', range(4, 5))).total;
    expect(some).toBeGreaterThan(0);
    expect(some).toBeLessThan(all);
  });

  it('scoredIn keeps the conversations with a score in that set', async () => {
    const all = (await b.app.call('conversations-list', { filter: {} })).total;
    expect((await b.app.call('conversations-list', { filter: { scoredIn: 'tiny-judge' } })).total).toBe(all);
    expect((await b.app.call('conversations-list', { filter: { scoredIn: 'no-such-set' } })).total).toBe(0);
  });

  it('refuses a bound outside the scale and a min above the max', async () => {
    await expect(b.app.call('conversations-list', range(9))).rejects.toMatchObject({
      code: 'invalid-args', message: 'Score filter on validating_emotions: min 9 is outside the scale of tiny-judge (1–5)' });
    await expect(b.app.call('conversations-list', range(5, 1))).rejects.toThrow('Score filter on validating_emotions: min 5 is above max 1');
    await expect(b.app.call('conversations-export', range(undefined, 0))).rejects.toThrow(/max 0 is outside the scale/);
    await expect(b.app.call('conversations-list', { filter: { scoreRanges: [{ scoreSetId: 'nope', dimension: 'x', min: 1 }] } }))
      .rejects.toMatchObject({ code: 'not-found' });
  });
});
