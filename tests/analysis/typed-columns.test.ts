// typedColumns (main/studydata/common.ts) copies each numeric vector of a chunk as one block into the typed column;
// a NULL still reads as 0, as writing null into a typed array gave. Checked against columns() (values one by one) over
// several chunks (DuckDB's 2,048 rows), with NULLs in some 64-row words of the validity mask, none in others, and a
// column whose type differs from the array's (INTEGER into Float64Array). Both read a streamed result (Db.streamed):
// empty results, and a query asked on the same connection while a read streams (it waits; the stream is not cut).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/db/workspace.js';
import { columns, typedColumns } from '../../main/studydata/common.js';

let ws: Workspace;
beforeAll(async () => {
  ws = await Workspace.open(':memory:');
});
afterAll(() => ws.close());

describe('typedColumns', () => {
  it('equals the values read one by one, NULL as 0, across chunks', async () => {
    const sql = `SELECT CAST(CASE WHEN i % 97 = 5 OR (i >= 4100 AND i < 4164) THEN NULL ELSE i * 3 - 7000 END AS INTEGER) AS a,
        CASE WHEN i % 13 = 0 THEN NULL ELSE i / 8.0 END AS x, CAST(i AS INTEGER) AS k
      FROM range(5000) t(i) ORDER BY i`;
    const typed = await typedColumns(ws.db, sql, [], { a: Int32Array, x: Float64Array, k: Float64Array });
    const plain = await columns<{ a: (number | null)[]; x: (number | null)[]; k: number[] }>(ws.db, sql);
    expect(typed.length).toBe(5000);
    expect(Array.from(typed.a)).toEqual(plain.a.map((v) => v ?? 0));
    expect(Array.from(typed.x)).toEqual(plain.x.map((v) => v ?? 0));
    expect(Array.from(typed.k)).toEqual(plain.k);
    expect(plain.a.filter((v) => v === null).length).toBeGreaterThan(100);
  });
});

describe('streamed reads', () => {
  it('give empty columns of the right kind for no rows, and every row of a long result in order', async () => {
    const none = await typedColumns(ws.db, 'SELECT CAST(i AS INTEGER) AS k, i / 2.0 AS x FROM range(10) t(i) WHERE i > 99', [], { k: Int32Array, x: Float64Array });
    expect([none.length, none.k, none.x]).toEqual([0, new Int32Array(0), new Float64Array(0)]);
    expect(await columns(ws.db, 'SELECT i AS k FROM range(10) t(i) WHERE i > 99')).toEqual({ k: [], length: 0 });
    const long = await columns<{ k: number[] }>(ws.db, 'SELECT i AS k FROM range(20000) t(i) ORDER BY i');
    expect(long.k).toEqual(Array.from({ length: 20000 }, (_, i) => i));
  });

  it('hold the connection: a query asked while a read streams runs after it, and the read gets every row', async () => {
    const sql = 'SELECT CAST(i AS INTEGER) AS k FROM range(300000) t(i) ORDER BY i';
    const order: string[] = [];
    const read = typedColumns(ws.db, sql, [], { k: Int32Array }).then((r) => (order.push('read'), r));
    // Asked after the read started, on the same connection.
    await new Promise((ok) => setImmediate(ok));
    const other = ws.db.value<number>('SELECT 41 + 1').then((v) => (order.push('other'), v));
    const [r, v] = await Promise.all([read, other]);
    expect(v).toBe(42);
    expect(order).toEqual(['read', 'other']);
    expect(r.length).toBe(300000);
    expect(r.k[299999]).toBe(299999);
    expect(r.k.every((x, i) => x === i)).toBe(true);
  });

  it('inside a transaction (the caller holds the connection), reads run materialised: two at once both get every row', async () => {
    const sql = 'SELECT CAST(i AS INTEGER) AS k FROM range(100000) t(i) ORDER BY i';
    const [a, b] = await ws.db.transaction(() => Promise.all([
      typedColumns(ws.db, sql, [], { k: Int32Array }), columns<{ k: number[] }>(ws.db, sql),
    ]));
    expect([a.length, b.length]).toEqual([100000, 100000]);
    expect(a.k[99999]).toBe(99999);
    expect(b.k[99999]).toBe(99999);
  });
});
