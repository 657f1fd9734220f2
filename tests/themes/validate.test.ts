// NMI/purity plumbing of `themes validate` on rows written into a real DuckDB file: which sentences are compared (a
// reference label and a top-1 latent), hand-computable NMI values, and the k-means baseline on stored vectors.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Workspace } from '../../main/db/workspace.js';
import { createVectorTable, finishSet, insertSet } from '../../main/embeddings/store.js';
import { validateModel } from '../../main/themes/validate.js';
import { themesCommand } from '../../main/themes/cli.js';

let dir: string;
let ws: Workspace;
afterEach(() => {
  try { ws.close(); } catch { /* closed */ }
  rmSync(dir, { recursive: true, force: true });
});

interface Sent { conv: string; turn: number; idx: number; strategy: string | null; truth: string | null; latent: number; vector: number[] }

/**
 * Writes messages (annotation.strategy on supporter turns), sentences, ground-truth labels, an embedding set with the
 * given vectors, and a 2-latent model whose top-1 latents are given (top-2 is the other latent).
 */
async function study(sents: Sent[]): Promise<string> {
  dir = mkdtempSync(join(tmpdir(), 'validate-test-'));
  ws = await Workspace.open(join(dir, 'v.duckdb'));
  const db = ws.db;
  const { id, tableNo } = await insertSet(db, { provider: 'import', model: 'test-vectors', dimensions: 2, params: {} });
  await db.transaction(async () => {
    const seen = new Set<string>();
    for (const s of sents) {
      const mk = `${s.conv}|${s.turn}`;
      if (!seen.has(mk)) {
        seen.add(mk);
        await db.run(`INSERT INTO messages (conversation_id, turn, role, text, annotation, import_id) VALUES (?, ?, 'supporter', 'x', ?, 't')`,
          [s.conv, s.turn, s.strategy === null ? null : JSON.stringify({ strategy: s.strategy, feedback: '5' })]);
      }
      await db.run(`INSERT INTO sentences VALUES (?, ?, ?, 'x', 't')`, [s.conv, s.turn, s.idx]);
      if (s.truth !== null) await db.run(`INSERT INTO sentence_labels VALUES ('ground-truth', ?, ?, ?, ?, 1, 't')`, [s.conv, s.turn, s.idx, s.truth]);
      await db.run(`INSERT INTO theme_activations VALUES ('m', ?, ?, ?, 1, ?, 0.9), ('m', ?, ?, ?, 2, ?, 0.1)`,
        [s.conv, s.turn, s.idx, s.latent, s.conv, s.turn, s.idx, 1 - s.latent]);
    }
    const t = await createVectorTable(db, tableNo, 2);
    for (const s of sents) await db.run(`INSERT INTO ${t} VALUES (?, ?, ?, ?::FLOAT[2])`, [s.conv, s.turn, s.idx, `[${s.vector.join(',')}]`]);
    await finishSet(db, id, 2, sents.length, 'test');
    await db.run(`INSERT INTO theme_models (model_id, embedding_set_id, latents, k, seed, scenario_type, state, params, created_at, updated_at)
                  VALUES ('m', ?, 2, 2, 1, 'all', 'done', '{}', now(), now())`, [id]);
  });
  return id;
}

const A = [1, 0];
const B = [0, 1];

describe('themes validate', () => {
  it('perfect themes score NMI 1 and purity 1; k-means on separated vectors too; unlabelled sentences are left out', async () => {
    await study([
      { conv: 'c1', turn: 1, idx: 0, strategy: 'Question', truth: 'ask', latent: 0, vector: A },
      { conv: 'c1', turn: 1, idx: 1, strategy: 'Question', truth: 'ask', latent: 0, vector: [0.99, 0.05] },
      { conv: 'c1', turn: 3, idx: 0, strategy: 'Self-disclosure', truth: 'self', latent: 1, vector: B },
      { conv: 'c2', turn: 1, idx: 0, strategy: 'Self-disclosure', truth: 'self', latent: 1, vector: [0.05, 0.99] },
      { conv: 'c2', turn: 3, idx: 0, strategy: null, truth: null, latent: 0, vector: B }, // no annotation, no truth
    ]);
    const v = await validateModel(ws.db, 'm', 'strategy');
    expect(v.sentences).toBe(4);
    expect(v.classes).toEqual([{ label: 'Question', sentences: 2 }, { label: 'Self-disclosure', sentences: 2 }]);
    expect(v.themes).toEqual({ clusters: 2, nmi: 1, purity: 1 });
    expect(v.kmeans).toMatchObject({ k: 2, clusters: 2, nmi: 1, purity: 1, seed: 1 });
    const g = await validateModel(ws.db, 'm', 'ground-truth', { kmeans: false });
    expect(g).toMatchObject({ sentences: 4, themes: { nmi: 1, purity: 1 }, kmeans: null });
  });

  it('themes independent of the reference score NMI 0 and purity 1/2', async () => {
    await study([
      { conv: 'c1', turn: 1, idx: 0, strategy: 'Question', truth: 'ask', latent: 0, vector: A },
      { conv: 'c1', turn: 1, idx: 1, strategy: 'Question', truth: 'ask', latent: 1, vector: B },
      { conv: 'c1', turn: 3, idx: 0, strategy: 'Self-disclosure', truth: 'self', latent: 0, vector: A },
      { conv: 'c1', turn: 3, idx: 1, strategy: 'Self-disclosure', truth: 'self', latent: 1, vector: B },
    ]);
    const v = await validateModel(ws.db, 'm', 'strategy');
    expect(v.themes.nmi).toBe(0);
    expect(v.themes.purity).toBe(0.5);
    // k-means finds the two vector groups, which are just as independent of the strategy.
    expect(v.kmeans).toMatchObject({ nmi: 0, purity: 0.5, clusters: 2 });
  });

  it('one mixed cluster: NMI and purity as computed by hand', async () => {
    // Classes a,a,a,b; clusters 0,0,1,1. H(class) = H(1/4,3/4); H(cluster) = ln 2; MI = H(class) - H(class|cluster)
    // with H(class|cluster) = 1/2·0 + 1/2·ln 2. NMI = MI / ((H(class) + H(cluster)) / 2). Purity = (2 + 1) / 4.
    await study([
      { conv: 'c1', turn: 1, idx: 0, strategy: null, truth: 'a', latent: 0, vector: A },
      { conv: 'c1', turn: 1, idx: 1, strategy: null, truth: 'a', latent: 0, vector: A },
      { conv: 'c1', turn: 1, idx: 2, strategy: null, truth: 'a', latent: 1, vector: B },
      { conv: 'c1', turn: 1, idx: 3, strategy: null, truth: 'b', latent: 1, vector: B },
    ]);
    const hClass = -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75));
    const mi = hClass - 0.5 * Math.log(2);
    const v = await validateModel(ws.db, 'm', 'ground-truth', { kmeans: false });
    expect(v.themes.nmi).toBeCloseTo(mi / ((hClass + Math.log(2)) / 2), 12);
    expect(v.themes.purity).toBe(0.75);
    await expect(validateModel(ws.db, 'm', 'strategy')).rejects.toMatchObject({ code: 'missing-table' });
    await expect(validateModel(ws.db, 'nope', 'strategy')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('workbench themes validate prints JSON', async () => {
    await study([
      { conv: 'c1', turn: 1, idx: 0, strategy: 'Question', truth: 'ask', latent: 0, vector: A },
      { conv: 'c1', turn: 3, idx: 0, strategy: 'Self-disclosure', truth: 'self', latent: 1, vector: B },
    ]);
    const path = ws.path;
    ws.close();
    let stdout = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => { stdout += String(s); return true; });
    try {
      expect(await themesCommand(['validate', '--db', path, '--model', 'm', '--reference', 'strategy', '--json'])).toBe(0);
    } finally {
      vi.restoreAllMocks();
    }
    expect(JSON.parse(stdout)).toMatchObject({ modelId: 'm', reference: 'strategy', sentences: 2, themes: { nmi: 1 }, kmeans: { nmi: 1 } });
  });
});
