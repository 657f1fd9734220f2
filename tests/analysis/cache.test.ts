// Analysis results are kept in the workspace by analysis, arguments and data version: asked again on the same
// data the stored result comes back (NaN and infinities included); any change to the data it read, or a bumped
// data_version, makes it compute afresh.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../main/backend.js';
import { runImport } from '../../main/import/run-import.js';
import { AnalysisCache, bumpDataVersion, dataVersion } from '../../main/services/analysis/cache.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-analysis-cache-');
let b: Backend;

beforeAll(async () => {
  writeTinyStudy(join(tmp.path, 'tiny'));
  b = new Backend({ home: tmp.path });
  const ws = await b.open(join(tmp.path, 'cache.duckdb'));
  await runImport(ws.db, { path: join(tmp.path, 'tiny'), format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
}, 60_000);
afterAll(() => {
  b.close();
  tmp.cleanup();
});

describe('analysis cache', () => {
  it('answers a repeated analysis from the workspace, and recomputes after the scores change', async () => {
    const db = b.workspace.db;
    const first = await b.app.call('analysis-effects', {});
    const stored = await db.all<{ analysis: string; data_version: string }>('SELECT analysis, data_version FROM analysis_cache');
    expect(stored.map((r) => r.analysis)).toEqual(['effects']);
    expect(await b.app.call('analysis-effects', {})).toEqual(first);
    expect(await db.value('SELECT count(*) FROM analysis_cache')).toBe(1);

    const set = await db.value<string>('SELECT score_set_id FROM score_sets LIMIT 1');
    await db.run(`UPDATE scores SET score = 6 - score WHERE score_set_id = ? AND dimension = 'validating_emotions'`, [set]);
    // An update in place keeps counts and row ids; its writer bumps the data version.
    await bumpDataVersion(db);
    const after = await b.app.call('analysis-effects', {});
    expect(after).not.toEqual(first);
    const version = await db.value<string>('SELECT data_version FROM analysis_cache');
    expect(version).not.toBe(stored[0].data_version);
    expect(version).toBe(await dataVersion(db));
  });

  it('notices appended rows without a bump', async () => {
    const db = b.workspace.db;
    const before = await dataVersion(db);
    await db.run(`INSERT INTO self_reports SELECT conversation_id, 'extra', 1, 'x' FROM conversations LIMIT 1`);
    expect(await dataVersion(db)).not.toBe(before);
  });

  it('keeps NaN and infinities', async () => {
    const cache = new AnalysisCache();
    const value = { a: NaN, b: [Infinity, -Infinity, 1.5], c: null };
    let computed = 0;
    const compute = async () => { computed++; return value; };
    await cache.get(b.workspace.db, 'probe', { x: 1 }, compute);
    expect(await cache.get(b.workspace.db, 'probe', { x: 1 }, compute)).toEqual(value);
    expect(computed).toBe(1);
  });
});
