// Custom figures through the real handler table (Backend + App) on an imported study: data from a query and from an
// explorer selection, saving under a name (and refusing a second one unless replaced), and a saved figure that
// re-runs after an import and draws the new data.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../main/backend.js';
import { runImport } from '../../main/import/run-import.js';
import { CustomFigureSpecSchema } from '../../main/api/contract/custom-figures.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-custom-figures-');
let b: Backend;
const quiet = { progress: () => {}, checkCancelled: () => {} };
const DOTS = {
  title: 'Words by round', mark: 'dot' as const, x: 'round', y: 'supporter_words',
  source: { kind: 'sql' as const, sql: 'SELECT conversation_id, round, supporter_words FROM conversation_stats' },
};

beforeAll(async () => {
  writeTinyStudy(join(tmp.path, 'small'), 12);
  writeTinyStudy(join(tmp.path, 'large'), 20);
  b = new Backend({ home: join(tmp.path, 'home') });
  const ws = await b.open(join(tmp.path, 'figures.duckdb'));
  await runImport(ws.db, { path: join(tmp.path, 'small'), format: 'study' }, quiet);
}, 60_000);
afterAll(() => {
  b?.close();
  tmp.cleanup();
});

describe('custom figures API', () => {
  it('returns a query\'s rows as objects with column types', async () => {
    const d = await b.app.call('custom-figure-data', { source: DOTS.source });
    expect(d.columns.map((c) => c.name)).toEqual(['conversation_id', 'round', 'supporter_words']);
    expect(d.rows).toHaveLength(36);
    expect(d.rows[0]).toEqual({ conversation_id: expect.any(String), round: expect.any(Number), supporter_words: expect.any(Number) });
    expect(d).toMatchObject({ truncated: false, study: 'Tiny test study', simulated: false, scoreSetId: null });
  });

  it('returns an explorer selection with the score set\'s dimensions and overall', async () => {
    const setId = String(await b.workspace.db.value('SELECT score_set_id FROM score_sets'));
    const d = await b.app.call('custom-figure-data', { source: { kind: 'explorer', filter: { conditions: ['coach'], rounds: [2] }, scoreSetId: setId } });
    const expected = await b.workspace.db.all<{ id: string; v: number }>(
      `SELECT s.conversation_id AS id, x.score AS v FROM conversation_stats s JOIN scores x USING (conversation_id)
       WHERE s.condition = 'coach' AND s.round = 2 AND x.dimension = 'validating_emotions' ORDER BY 1`);
    expect(d.rows.map((r) => [r.conversation_id, r.validating_emotions])).toEqual(expected.map((e) => [e.id, e.v]));
    expect(d.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['condition', 'round', 'validating_emotions', 'overall']));
    expect(d.scoreSetId).toBe(setId);
    await expect(b.app.call('custom-figure-data', { source: { kind: 'explorer', filter: {}, scoreSetId: 'nope' } })).rejects.toThrow('source.scoreSetId: no score set "nope"');
  });

  it('saves a named figure once, replaces it when asked, lists and deletes it', async () => {
    const spec = CustomFigureSpecSchema.parse(DOTS);
    const saved = await b.app.call('custom-figure-save', { name: 'Words', spec });
    expect(saved).toMatchObject({ name: 'Words', spec });
    await expect(b.app.call('custom-figure-save', { name: 'Words', spec })).rejects.toThrow('A figure named "Words" is already saved; choose another name or replace it');
    await b.app.call('custom-figure-save', { name: 'Words', spec: { ...spec, title: 'Renamed' }, replace: true });
    expect((await b.app.call('custom-figures-list', null)).figures.map((f) => [f.name, f.spec.title])).toEqual([['Words', 'Renamed']]);
    await expect(b.app.call('custom-figure-save', { name: 'Bad', spec: { ...spec, mark: 'barY', x: undefined } })).rejects.toThrow(/^Invalid arguments for custom-figure-save: spec\.x: a barY mark needs a column for x/);
    expect(await b.app.call('custom-figure-delete', { name: 'Words' })).toEqual({ deleted: true });
    expect(await b.app.call('custom-figure-delete', { name: 'Words' })).toEqual({ deleted: false });
  });

  it('re-runs a saved figure on the data as they are after an import', async () => {
    await b.app.call('custom-figure-save', { name: 'Dots', spec: CustomFigureSpecSchema.parse(DOTS) });
    const before = await b.customFigures.renderSaved('Dots');
    expect(before.svg.match(/<circle /g)?.length).toBe(36);
    await runImport(b.workspace.db, { path: join(tmp.path, 'large'), format: 'study', mode: 'replace' }, quiet);
    const after = await b.customFigures.renderSaved('Dots');
    expect(Number(await b.workspace.db.value('SELECT count(*) FROM conversation_stats'))).toBe(60);
    expect(after.svg.match(/<circle /g)?.length).toBe(60);
    expect(after.figure.provenance).toContain('rows=60');
  }, 60_000);
});
