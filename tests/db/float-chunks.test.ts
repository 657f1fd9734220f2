// Db.floatChunks: a FLOAT[d] column streamed chunk by chunk from a real workspace file, against the materialised
// read (Db.floatMatrix) of the same query, and loadMatrix (which reads through it) on rows written out of key order.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/db/workspace.js';
import { loadMatrix } from '../../main/embeddings/load-matrix.js';
import { createVectorTable, finishSet, insertSet } from '../../main/embeddings/store.js';

const n = 5000, d = 12;
let dir: string, ws: Workspace, table: string, setId: string;
const x = Float32Array.from({ length: n * d }, (_, i) => Math.sin(i * 0.37) * 3);
// Keys written in reverse order, so loadMatrix must put the rows in order after the streamed read.
const ids = Array.from({ length: n }, (_, i) => `c${String(n - 1 - i).padStart(5, '0')}`);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'workbench-float-chunks-'));
  ws = await Workspace.open(join(dir, 'w.duckdb'));
  const set = await insertSet(ws.db, { provider: 'import', model: 'test', dimensions: d, params: {} });
  setId = set.id;
  await ws.db.transaction(async () => {
    table = await createVectorTable(ws.db, set.tableNo, d);
    await ws.db.appendVectors(table, { conversationIds: ids, turns: new Int32Array(n), sentenceIndex: Int32Array.from({ length: n }, (_, i) => i % 7) }, x, d);
    await finishSet(ws.db, set.id, d, n, 'test');
  });
}, 60_000);
afterAll(() => {
  ws?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Db.floatChunks', () => {
  it('streams every row once, in chunks of at most 2,048, as the materialised read returns them', async () => {
    const sql = `SELECT vector, conversation_id, sentence_index FROM ${table}`;
    const whole = await ws.db.floatMatrix(sql, undefined, d, n);
    const sizes: number[] = [];
    const data = new Float32Array(n * d);
    const keys: unknown[] = [], sentence: unknown[] = [];
    const rows = await ws.db.floatChunks(sql, undefined, d, (vectors, k, columns) => {
      expect(vectors.length).toBe(k * d);
      data.set(vectors, sizes.reduce((a, b) => a + b, 0) * d);
      sizes.push(k);
      keys.push(...columns[0]);
      sentence.push(...columns[1]);
    });
    expect(rows).toBe(n);
    expect(sizes.length).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2048);
    expect(data).toEqual(whole.data);
    expect(keys).toEqual(whole.columns[0]);
    expect(sentence).toEqual(whole.columns[1]);
  });

  it('binds parameters and reports zero rows for an empty result', async () => {
    let calls = 0;
    const rows = await ws.db.floatChunks(`SELECT vector FROM ${table} WHERE conversation_id = ?`, ['c00007'], d, (vectors, k) => {
      calls++;
      expect(k).toBe(1);
      // c00007 was written as row n - 1 - 7.
      expect(Array.from(vectors)).toEqual(Array.from(x.subarray((n - 8) * d, (n - 7) * d)));
    });
    expect([rows, calls]).toEqual([1, 1]);
    expect(await ws.db.floatChunks(`SELECT vector FROM ${table} WHERE conversation_id = ?`, ['none'], d, () => { throw new Error('no chunk expected'); })).toBe(0);
  });

  it('feeds loadMatrix, which puts the streamed rows in key order', async () => {
    const m = await loadMatrix(ws.db, setId);
    expect([m.n, m.d]).toEqual([n, d]);
    expect(m.conversationIds).toEqual([...ids].reverse());
    for (const i of [0, 1, 2047, 2048, 4999]) {
      // Key order row i holds the vector written at row n - 1 - i.
      expect(Array.from(m.data.subarray(i * d, (i + 1) * d))).toEqual(Array.from(x.subarray((n - 1 - i) * d, (n - i) * d)));
      expect(m.sentenceIndex[i]).toBe((n - 1 - i) % 7);
    }
  });
});
