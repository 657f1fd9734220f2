// The theme browser's methods through a real Backend on the tiny study, with a seeded model (browse-seed.ts): every
// number is recomputed here from the seeded rows in plain code, and the shift must be the Fig. 2B/2C engine's own.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../main/backend.js';
import { runImport } from '../../main/import/run-import.js';
import { computeShifts } from '../../main/services/analysis/index.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';
import { SEED_LATENTS, seedThemeModel, type SeedActivation } from './browse-seed.js';

const tmp = tempDir('workbench-browse-');
let b: Backend;
let seed: SeedActivation[];
const key = (r: { conversationId: string; turn: number; sentenceIndex: number }) => `${r.conversationId}/${r.turn}/${r.sentenceIndex}`;
const conditionOf = (conversationId: string) => ['control', 'video', 'coach', 'combined'][Number(conversationId.slice(1, 4)) % 4];
const roundOf = (conversationId: string) => Number(conversationId.slice(5));

beforeAll(async () => {
  writeTinyStudy(join(tmp.path, 'tiny'));
  b = new Backend({ home: tmp.path });
  const ws = await b.open(join(tmp.path, 'browse.duckdb'));
  await runImport(ws.db, { path: join(tmp.path, 'tiny'), format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
  seed = await seedThemeModel(ws.db, 'm-seed');
  await seedThemeModel(ws.db, 'm-other', { latents: 8, gridId: 'g-seed', loss: 0.3 });
}, 60_000);
afterAll(() => {
  b.close();
  tmp.cleanup();
});

const units = () => new Set(seed.map(key)).size;
const firing = (latent: number) => seed.filter((r) => r.latent === latent);

describe('themes-browse-list', () => {
  it('lists every latent with exact top-1 and any-rank counts and shares of the model\'s sentence units', async () => {
    const r = await b.app.call('themes-browse-list', { modelId: 'm-seed' });
    // 36 conversations; turn 1 has 2 sentences, turn 3 has 2 (odd participants) or 1 (even ones): 18 x 4 + 18 x 3.
    expect(units()).toBe(126);
    expect(r.units).toBe(126);
    expect(r.themes.map((t) => t.label)).toEqual(['L0', 'L1', 'L2', 'L3', 'L4']);
    for (const t of r.themes) {
      const top1 = seed.filter((x) => x.latent === t.latent && x.rank === 1).length;
      const any = firing(t.latent).length;
      expect([t.countTop1, t.countAny]).toEqual([top1, any]);
      expect(t.shareTop1).toBeCloseTo(top1 / 126, 12);
      expect(t.shareAny).toBeCloseTo(any / 126, 12);
    }
    expect(r.themes[4]).toMatchObject({ countTop1: 0, countAny: 0, topSentences: [], shifts: [] });
    expect(r.themes[0].countTop1).toBeGreaterThan(0);
  });

  it('gives descriptions with their source, and none where there is none', async () => {
    const r = await b.app.call('themes-browse-list', { modelId: 'm-seed' });
    expect(r.themes.map((t) => [t.description, t.descriptionSource])).toEqual([
      ['Practical job-search advice', 'llm'], [null, null], ['Validating that feelings make sense', 'human'], [null, null], [null, null],
    ]);
  });

  it('shows each theme\'s 3 highest activations, highest first, with text, condition and round', async () => {
    const r = await b.app.call('themes-browse-list', { modelId: 'm-seed' });
    for (const t of r.themes.slice(0, 4)) {
      const expected = firing(t.latent).sort((x, y) => y.activation - x.activation || key(x).localeCompare(key(y))).slice(0, 3);
      expect(t.topSentences.map((s) => [key(s), s.activation, s.rank, s.text])).toEqual(expected.map((x) => [key(x), x.activation, x.rank, x.text]));
      for (const s of t.topSentences) expect([s.condition, s.round]).toEqual([conditionOf(s.conversationId), roundOf(s.conversationId)]);
    }
  });

  it('takes each theme\'s shift from computeShifts on the model\'s labelling (same numbers as Fig. 2C)', async () => {
    const r = await b.app.call('themes-browse-list', { modelId: 'm-seed' });
    const engine = await computeShifts(b.workspace.db, { labelling: 'theme:m-seed', topK: 2 });
    expect(r.shiftsNote).toBeNull();
    expect(engine.rows.length).toBeGreaterThan(0);
    for (const row of engine.rows) {
      const t = r.themes.find((x) => x.label === row.label)!;
      const s = t.shifts.find((x) => x.scenarioType === row.scenarioType)!;
      expect(s).toEqual({ scenarioType: row.scenarioType, pre: row.pre, post: row.post, diff: row.diff, ci: row.ci, z: row.z, p: row.p, q: row.q, nPre: row.nPre, nPost: row.nPost, countPre: row.countPre, countPost: row.countPost });
    }
    expect(r.themes.flatMap((t) => t.shifts)).toHaveLength(engine.rows.length);
  });

  it('searches descriptions and sentence text, case-insensitively', async () => {
    const byDescription = await b.app.call('themes-browse-list', { modelId: 'm-seed', search: 'JOB-SEARCH' });
    expect(byDescription.themes.map((t) => t.latent)).toEqual([0]);
    // "recruiter" only occurs in the resume sentences' neighbour "Maybe call a recruiter!": top-1 L3, second L0.
    const byText = await b.app.call('themes-browse-list', { modelId: 'm-seed', search: 'Recruiter' });
    const expected = [...new Set(seed.filter((x) => x.text.toLowerCase().includes('recruiter')).map((x) => x.latent))].sort();
    expect(byText.themes.map((t) => t.latent)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
    expect((await b.app.call('themes-browse-list', { modelId: 'm-seed', search: 'no such words anywhere' })).themes).toEqual([]);
  });

  it('sorts by share (top-1, descending) and by description', async () => {
    const r = await b.app.call('themes-browse-list', { modelId: 'm-seed', sort: 'share' });
    const shares = r.themes.map((t) => t.shareTop1);
    expect(shares).toEqual([...shares].sort((x, y) => y - x));
    const d = await b.app.call('themes-browse-list', { modelId: 'm-seed', sort: 'description' });
    expect(d.themes.slice(0, 2).map((t) => t.latent)).toEqual([0, 2]);
  });

  it('refuses an unknown model (404) and a bad sort (400, before the handler)', async () => {
    await expect(b.app.call('themes-browse-list', { modelId: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(b.app.call('themes-browse-list', { modelId: 'm-seed', sort: 'bogus' as 'latent' })).rejects.toMatchObject({ code: 'invalid-args' });
  });
});

describe('theme-get', () => {
  it('pages the top sentences in activation order', async () => {
    const all = firing(1).sort((x, y) => y.activation - x.activation || key(x).localeCompare(key(y)));
    const page1 = await b.app.call('theme-get', { modelId: 'm-seed', latent: 1, limit: 5 });
    const page2 = await b.app.call('theme-get', { modelId: 'm-seed', latent: 1, limit: 5, offset: 5 });
    expect(page1.topTotal).toBe(all.length);
    expect([...page1.top, ...page2.top].map(key)).toEqual(all.slice(0, 10).map(key));
    expect((await b.app.call('theme-get', { modelId: 'm-seed', latent: 1 })).top).toHaveLength(Math.min(25, all.length));
  });

  it('samples across the activation range: the same number from each decile, seeded', async () => {
    const sorted = firing(3).sort((x, y) => x.activation - y.activation || key(x).localeCompare(key(y)));
    const n = sorted.length;
    // ntile(10): the first n % 10 deciles hold one more sentence.
    const decileOf = new Map<string, number>();
    let at = 0;
    for (let d = 1; d <= 10; d++) {
      const size = Math.floor(n / 10) + (d <= n % 10 ? 1 : 0);
      for (let i = 0; i < size; i++) decileOf.set(key(sorted[at++]), d);
    }
    const r = await b.app.call('theme-get', { modelId: 'm-seed', latent: 3, sampleSize: 20, seed: 5 });
    expect(r.sample).toHaveLength(20);
    for (const s of r.sample) expect(s.decile).toBe(decileOf.get(key(s)));
    for (let d = 1; d <= 10; d++) expect(r.sample.filter((s) => s.decile === d)).toHaveLength(2);
    const again = await b.app.call('theme-get', { modelId: 'm-seed', latent: 3, sampleSize: 20, seed: 5 });
    expect(again.sample.map(key)).toEqual(r.sample.map(key));
    const other = await b.app.call('theme-get', { modelId: 'm-seed', latent: 3, sampleSize: 20, seed: 6 });
    expect(other.sample.map(key)).not.toEqual(r.sample.map(key));
    const odd = await b.app.call('theme-get', { modelId: 'm-seed', latent: 3, sampleSize: 13, seed: 5 });
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((d) => odd.sample.filter((s) => s.decile === d).length)).toEqual([2, 2, 2, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('gives incidence by condition x round as the share of each cell\'s units', async () => {
    const r = await b.app.call('theme-get', { modelId: 'm-seed', latent: 0 });
    const cells = new Map<string, { units: Set<string>; hit: Set<string> }>();
    for (const x of seed) {
      const c = `${conditionOf(x.conversationId)}/${roundOf(x.conversationId)}`;
      const cell = cells.get(c) ?? { units: new Set(), hit: new Set() };
      cell.units.add(key(x));
      if (x.latent === 0) cell.hit.add(key(x));
      cells.set(c, cell);
    }
    expect(r.incidence).toHaveLength(12);
    for (const cell of r.incidence) {
      const e = cells.get(`${cell.condition}/${cell.round}`)!;
      expect([cell.units, cell.count]).toEqual([e.units.size, e.hit.size]);
      expect(cell.share).toBeCloseTo(e.hit.size / e.units.size, 12);
    }
  });

  it('lists co-firing latents with shared-sentence counts and lift', async () => {
    const r = await b.app.call('theme-get', { modelId: 'm-seed', latent: 0 });
    const mine = new Set(firing(0).map(key));
    const counts = new Map<number, number>();
    for (const x of seed) if (x.latent !== 0 && mine.has(key(x))) counts.set(x.latent, (counts.get(x.latent) ?? 0) + 1);
    expect(r.cofiring.map((c) => [c.latent, c.count])).toEqual([...counts.entries()].sort((a, c) => c[1] - a[1] || a[0] - c[0]));
    for (const c of r.cofiring) expect(c.lift).toBeCloseTo((c.count * 126) / (mine.size * firing(c.latent).length), 12);
    expect(r.cofiring.length).toBeGreaterThan(0);
  });

  it('has the same shares, description and shift as the list row', async () => {
    const list = await b.app.call('themes-browse-list', { modelId: 'm-seed' });
    const r = await b.app.call('theme-get', { modelId: 'm-seed', latent: 2 });
    const row = list.themes[2];
    expect([r.shareTop1, r.shareAny, r.description, r.descriptionSource, r.shifts]).toEqual([row.shareTop1, row.shareAny, row.description, row.descriptionSource, row.shifts]);
  });

  it('refuses a latent beyond the model (404) and a negative one (400)', async () => {
    await expect(b.app.call('theme-get', { modelId: 'm-seed', latent: SEED_LATENTS })).rejects.toMatchObject({ code: 'not-found' });
    await expect(b.app.call('theme-get', { modelId: 'm-seed', latent: -1 })).rejects.toMatchObject({ code: 'invalid-args' });
  });
});

describe('themes-compare', () => {
  it('puts grid models side by side, every model when none is named', async () => {
    const all = await b.app.call('themes-compare', undefined);
    expect(all.map((m) => [m.modelId, m.latents, m.k, m.scenarioType, m.silhouette, m.silhouetteTop2, m.deadLatents, m.loss, m.valLoss, m.epochs, m.labelling]))
      .toEqual([['m-seed', 5, 2, 'all', 0.25, 0.31, 1, 0.4, 0.5, 12, 'theme:m-seed'], ['m-other', 8, 2, 'all', 0.25, 0.31, 1, 0.3, 0.5, 12, 'theme:m-other']]);
    expect((await b.app.call('themes-compare', { modelIds: ['m-other'] })).map((m) => m.modelId)).toEqual(['m-other']);
    await expect(b.app.call('themes-compare', { modelIds: ['m-other', 'ghost'] })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('makes the model a labelling of the figures\' shift analyses', async () => {
    const o = await b.app.call('analysis-options', undefined);
    expect(o.labellings).toEqual(expect.arrayContaining(['theme:m-seed', 'theme:m-other']));
  });
});
