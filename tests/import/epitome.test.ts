import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EPITOME, count, tempWorkspace, type TempWorkspace } from './helpers.js';

const FILES = ['emotional-reactions-reddit.csv', 'interpretations-reddit.csv', 'explorations-reddit.csv'].map((f) => join(EPITOME, f));

describe('EPITOME folder (real data)', () => {
  let t: TempWorkspace;
  let report: Awaited<ReturnType<TempWorkspace['import']>>;
  let pairs: number;
  beforeAll(async () => {
    t = await tempWorkspace();
    report = await t.import({ path: EPITOME });
    pairs = Number(await t.ws.db.value(
      `SELECT count(DISTINCT (sp_id, rp_id)) FROM read_csv([${FILES.map((f) => `'${f}'`).join(', ')}], header = true, all_varchar = true)`));
  });
  afterAll(() => t.close());

  it('makes one conversation per distinct (sp_id, rp_id) pair, with a seeker post and a response', async () => {
    expect(report.format).toBe('epitome');
    expect(pairs).toBe(3023);
    expect(report.rows.conversations).toBe(pairs);
    expect(report.rows.messages).toBe(2 * pairs);
    expect(await count(t.ws, `SELECT count(*) FROM messages WHERE turn = 0 AND role = 'seeker'`)).toBe(pairs);
    expect(await count(t.ws, `SELECT count(*) FROM messages WHERE turn = 1 AND role = 'supporter'`)).toBe(pairs);
    const first = await t.ws.db.all<{ role: string; text: string }>(
      `SELECT role, text FROM messages WHERE conversation_id = 'epitome-65m92s-dgbdk7z' ORDER BY turn`);
    expect(first[0]).toEqual({ role: 'seeker', text: "Help. Help me. I dunno what I'm doing anymore" });
    expect(first[1].text).toMatch(/^That's pretty vague/);
    expect(await t.ws.db.value(`SELECT extra->>'rp_id' FROM conversations WHERE conversation_id = 'epitome-65m92s-dgbdk7z'`)).toBe('dgbdk7z');
  });

  it('makes three human score sets on 0-2, one dimension each, covering every pair', async () => {
    const sets = await t.ws.db.all<{ id: string; kind: string; lo: number; hi: number }>(
      'SELECT score_set_id AS id, kind, scale_min AS lo, scale_max AS hi FROM score_sets ORDER BY 1');
    expect(sets).toEqual([
      { id: 'epitome-ER', kind: 'human', lo: 0, hi: 2 },
      { id: 'epitome-EX', kind: 'human', lo: 0, hi: 2 },
      { id: 'epitome-IP', kind: 'human', lo: 0, hi: 2 },
    ]);
    const per = await t.ws.db.all<{ id: string; dims: string; convs: number; n: number }>(
      `SELECT score_set_id AS id, string_agg(DISTINCT dimension) AS dims, count(DISTINCT conversation_id) AS convs, count(*) AS n FROM scores GROUP BY 1 ORDER BY 1`);
    expect(per).toEqual([
      { id: 'epitome-ER', dims: 'emotional_reactions', convs: pairs, n: pairs },
      { id: 'epitome-EX', dims: 'explorations', convs: pairs, n: pairs },
      { id: 'epitome-IP', dims: 'interpretations', convs: pairs, n: pairs },
    ]);
    expect(await count(t.ws, 'SELECT count(*) FROM scores WHERE score NOT IN (0, 1, 2)')).toBe(0);
  });

  it('keeps rationales as evidence', async () => {
    expect(await count(t.ws, `SELECT count(*) FROM scores WHERE score > 0 AND evidence IS NOT NULL`)).toBeGreaterThan(1000);
    expect(await count(t.ws, `SELECT count(*) FROM scores WHERE score = 0 AND evidence IS NOT NULL`)).toBe(0);
  });

  it('reports duplicate pair rows (first kept) and texts that differ between files (longest kept)', () => {
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.reason.split(':')[0], s.count]));
    // 3084 rows in each file, 3023 distinct pairs: 61 repeats per file.
    const dupRows = report.skipped.filter((s) => /repeating a \(sp_id, rp_id\) pair/.test(s.reason)).reduce((a, s) => a + s.count, 0);
    expect(dupRows).toBe(3 * 61);
    expect(Object.keys(reasons).some((r) => /differ between files/.test(r))).toBe(true);
  });

  it('imports a single mechanism file as one score set', async () => {
    const t1 = await tempWorkspace();
    try {
      const r = await t1.import({ path: FILES[2] });
      expect(r.format).toBe('epitome');
      expect(r.scoreSets).toEqual(['epitome-EX']);
      expect(r.rows.conversations).toBe(pairs);
    } finally {
      t1.close();
    }
  });
});
