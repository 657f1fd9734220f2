// Embedding sets through the real handler table: the offline embedder end to end (worker, vector table, list,
// loadMatrix, delete), error codes, and the storage layout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareCodePoints, keyOrder, loadMatrix } from '../../main/embeddings/load-matrix.js';
import { embedOffline } from '../../main/embeddings/offline.js';
import { getSet, sentenceUnits, vectorTable } from '../../main/embeddings/store.js';
import { finish, tinyBackend } from './helpers.js';

let h: Awaited<ReturnType<typeof tinyBackend>>;
beforeAll(async () => {
  h = await tinyBackend('workbench-embeddings-sets-');
}, 60_000);
afterAll(() => h?.close());

describe('offline embedding sets', () => {
  it('builds a set in a worker, lists it as a lexical stand-in and loads it as one Float32Array', async () => {
    const { b } = h;
    const est = await b.app.call('embeddings-estimate', { provider: 'offline' });
    const units = Number(await b.workspace.db.value('SELECT count(*) FROM sentences'));
    expect(est.sentences).toBe(units);
    expect(est.cost).toBeNull();
    const started = await b.app.call('embeddings-create', { provider: 'offline', dimensions: 8, seed: 2, label: 'lexical' });
    const job = await finish(b, started);
    expect(job.state).toBe('done');
    const [set] = await b.app.call('embeddings-list', undefined);
    expect(set).toMatchObject({ id: started.embeddingSetId, provider: 'offline', model: 'tfidf-svd-8', dimensions: 8, sentences: units, state: 'done', kind: 'lexical stand-in', label: 'lexical' });

    const m = await loadMatrix(b.workspace.db, set.id);
    expect(m.data).toBeInstanceOf(Float32Array);
    expect([m.n, m.d, m.data.length]).toEqual([units, 8, units * 8]);
    // Same vectors as the pure embedder over the same texts in key order.
    const u = await sentenceUnits(b.workspace.db);
    expect(m.conversationIds).toEqual(u.conversationIds);
    expect(Array.from(m.turns)).toEqual(Array.from(u.turns));
    expect(Array.from(m.sentenceIndex)).toEqual(Array.from(u.sentenceIndex));
    const ref = embedOffline(u.texts, { dimensions: 8, seed: 2 });
    expect(Array.from(m.data)).toEqual(Array.from(ref.data));
  }, 60_000);

  it('loads one scenario type only', async () => {
    const { b } = h;
    const [set] = await b.app.call('embeddings-list', undefined);
    const all = await loadMatrix(b.workspace.db, set.id);
    const personal = await loadMatrix(b.workspace.db, set.id, { scenarioType: 'personal' });
    const workplace = await loadMatrix(b.workspace.db, set.id, { scenarioType: 'workplace' });
    expect(personal.n).toBeGreaterThan(0);
    expect(workplace.n).toBeGreaterThan(0);
    expect(personal.n + workplace.n).toBe(all.n);
    const types = await b.workspace.db.all<{ conversation_id: string; scenario_type: string }>('SELECT conversation_id, scenario_type FROM conversations');
    const typeOf = new Map(types.map((t) => [t.conversation_id, t.scenario_type]));
    expect(personal.conversationIds.every((c) => typeOf.get(c) === 'personal')).toBe(true);
  });

  it('puts the rows in key order when the table holds them in another order (a resumed or re-imported set)', async () => {
    const { b } = h;
    const db = b.workspace.db;
    const [set] = await b.app.call('embeddings-list', undefined);
    const before = await loadMatrix(db, set.id);
    const t = vectorTable((await getSet(db, set.id)).tableNo);
    await db.run(`CREATE TEMP TABLE shuffled AS SELECT * FROM ${t}`);
    await db.run(`DELETE FROM ${t}`);
    await db.run(`INSERT INTO ${t} SELECT * FROM shuffled ORDER BY hash(conversation_id, turn, sentence_index)`);
    await db.run('DROP TABLE shuffled');
    const stored = await db.all<{ conversation_id: string }>(`SELECT conversation_id FROM ${t} LIMIT 50`);
    expect(stored.map((r) => r.conversation_id)).not.toEqual(before.conversationIds.slice(0, 50));
    const after = await loadMatrix(db, set.id);
    expect(after.conversationIds).toEqual(before.conversationIds);
    expect(Array.from(after.turns)).toEqual(Array.from(before.turns));
    expect(Array.from(after.sentenceIndex)).toEqual(Array.from(before.sentenceIndex));
    expect(Array.from(after.data)).toEqual(Array.from(before.data));
  });

  it("orders keys as DuckDB's ORDER BY does, characters above U+FFFF included", async () => {
    const ids = ['b', 'a\u{1F600}', 'a\uFFFD', 'a', 'ä', 'A', 'a\uE000', 'a\u{10000}z', 'ab'];
    const duck = (await h.b.workspace.db.all<{ v: string }>(`SELECT v FROM (VALUES ${ids.map(() => '(?)').join(', ')}) AS t(v) ORDER BY v`, ids)).map((r) => r.v);
    expect([...ids].sort(compareCodePoints)).toEqual(duck);
    const order = keyOrder({ conversationIds: ['c', 'a', 'a', 'b'], turns: [1, 2, 2, 1], sentenceIndex: [0, 1, 0, 0] });
    expect(Array.from(order!)).toEqual([2, 1, 3, 0]);
    expect(keyOrder({ conversationIds: ['a', 'a', 'b'], turns: [1, 1, 0], sentenceIndex: [0, 1, 0] })).toBeNull();
  });

  it('gives each set its own numbered table and deletes both row and table', async () => {
    const { b } = h;
    const second = await b.app.call('embeddings-create', { provider: 'offline', dimensions: 4 });
    expect((await finish(b, second)).state).toBe('done');
    const rows = await b.workspace.db.all<{ embedding_set_id: string; table_no: number }>('SELECT embedding_set_id, table_no FROM embedding_sets ORDER BY table_no');
    expect(rows.map((r) => r.table_no)).toEqual([1, 2]);
    const tables = async () => (await b.workspace.db.all<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() WHERE table_name LIKE 'embeddings_%' ORDER BY 1`)).map((t) => t.name);
    expect(await tables()).toEqual(['embeddings_1', 'embeddings_2']);
    expect(await b.app.call('embeddings-delete', { embeddingSetId: second.embeddingSetId })).toEqual({ deleted: true });
    expect(await tables()).toEqual(['embeddings_1']);
    expect((await b.app.call('embeddings-list', undefined)).map((s) => s.id)).not.toContain(second.embeddingSetId);
  }, 60_000);

  it('answers unknown sets with not-found and bad arguments with 400 naming the field', async () => {
    const { b } = h;
    await expect(b.app.call('embeddings-delete', { embeddingSetId: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(b.app.call('embeddings-resume', { embeddingSetId: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(b.app.call('embeddings-create', { provider: 'offline', dimensions: 0 } as never)).rejects.toThrow(/dimensions/);
    await expect(b.app.call('embeddings-create', { provider: 'word2vec' } as never)).rejects.toThrow(/provider/);
  });
});
